/** Planned maintenance of an AKS cluster: weekly windows for Kubernetes patch upgrades and node OS image upgrades. */

export type WeekDay = "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";

/** A weekly planned-maintenance window. */
export interface AksMaintenanceWindowProps {
  /** @default "Sunday" */
  readonly dayOfWeek?: WeekDay;
  /**
   * Start time, HH:mm.
   * @default "02:00"
   */
  readonly startTime?: string;
  /**
   * Length in hours (4-24; AKS requires at least 4).
   * @default 4
   */
  readonly durationHours?: number;
  /**
   * Offset of `startTime` from UTC, +HH:mm or -HH:mm.
   * @default "+00:00"
   */
  readonly utcOffset?: string;
}

export const AKS_MAINTENANCE_WINDOW_DEFAULTS = {
  dayOfWeek: "Sunday",
  startTime: "02:00",
  durationHours: 4,
  utcOffset: "+00:00",
} as const satisfies Required<AksMaintenanceWindowProps>;

/** The azurerm `maintenance_window_*` block of a window, defaults filled in. */
export function weeklyWindow(w: AksMaintenanceWindowProps | undefined) {
  const d = AKS_MAINTENANCE_WINDOW_DEFAULTS;
  return {
    frequency: "Weekly",
    interval: 1,
    dayOfWeek: w?.dayOfWeek ?? d.dayOfWeek,
    startTime: w?.startTime ?? d.startTime,
    duration: w?.durationHours ?? d.durationHours,
    utcOffset: w?.utcOffset ?? d.utcOffset,
  };
}
