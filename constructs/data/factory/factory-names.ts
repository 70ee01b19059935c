import { IConstruct } from "constructs";
import { checkPattern } from "../../core/validation";

/**
 * Data Factory entity names (linked services, datasets, pipelines, triggers): start with a letter, digit or `_`,
 * at most 140 characters, none of `. + ? / < > * % & : \` (learn.microsoft.com "Azure Data Factory naming rules").
 */
export function checkFactoryEntityName(scope: IConstruct, name: string): void {
  checkPattern(
    scope,
    "name",
    name,
    /^[A-Za-z0-9_][^.+?/<>*%&:\\]{0,139}$/,
    "1-140 characters starting with a letter, digit or _, without . + ? / < > * % & : \\",
  );
}
