import {
  AKS_DEFAULT_KUBERNETES_VERSION,
  AKS_KUBERNETES_SUPPORT,
  compareMinor,
  isSupportedKubernetesMinor,
  kubernetesVersionProblem,
} from "../../../constructs/aks/kubernetes-versions";

describe("AKS Kubernetes version support", () => {
  test("the table: reviewed date, minimum, and an end of life for every minor from the minimum on", () => {
    expect(AKS_KUBERNETES_SUPPORT.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(AKS_KUBERNETES_SUPPORT.endOfLife)[0]).toBe(AKS_KUBERNETES_SUPPORT.minimum);
    for (const end of Object.values(AKS_KUBERNETES_SUPPORT.endOfLife)) expect(end).toMatch(/^\d{4}-\d{2}$/);
    expect(AKS_KUBERNETES_SUPPORT.endOfLife[AKS_DEFAULT_KUBERNETES_VERSION]).toBeDefined();
  });

  test("orders minors numerically", () => {
    expect(compareMinor("1.9", "1.10")).toBeLessThan(0);
    expect(compareMinor("1.36", "1.36")).toBe(0);
    expect(() => compareMinor("1.36.1", "1.36")).toThrow(/not a minor version: 1\.36\.1/);
  });

  test("accepts the minimum and newer minors, refuses older ones", () => {
    expect(["1.35", "1.36", "1.37", "1.40"].map(isSupportedKubernetesMinor)).toEqual([true, true, true, true]);
    expect(["1.33", "1.34", "1.9", "latest", "1.36.2"].map(isSupportedKubernetesMinor)).toEqual([false, false, false, false, false]);
  });

  test("a minor may run until the first day of its AKS end-of-life month", () => {
    expect(kubernetesVersionProblem("1.35", "2027-02-28")).toBeUndefined();
    expect(kubernetesVersionProblem("1.35", "2027-03-01")).toBe("Kubernetes 1.35 reaches AKS end of life in 2027-03 (calendar reviewed 2026-12-01)");
    expect(kubernetesVersionProblem("1.36", "2026-12-01")).toBeUndefined();
    expect(kubernetesVersionProblem("1.39", "2030-01-01")).toBeUndefined();
    expect(kubernetesVersionProblem("1.34", "2026-12-01")).toMatch(/^Kubernetes 1\.34 is older than 1\.35/);
    expect(kubernetesVersionProblem("latest", "2026-12-01")).toBe("latest is not a minor version such as 1.36");
  });
});
