/** The part of js-yaml 4 the manifest reader uses (the package ships no type declarations). */
declare module "js-yaml" {
    export interface TypeOptions {
        kind: "scalar" | "sequence" | "mapping";
        multi?: boolean;
        resolve?: (data: any) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
        construct?: (data: any, tag?: string) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
    }
    export class Type {
        constructor(tag: string, options: TypeOptions);
    }
    export class Schema {
        extend(types: { implicit?: Type[]; explicit?: Type[] }): Schema;
    }
    export const FAILSAFE_SCHEMA: Schema;
    export interface LoadOptions {
        schema?: Schema;
        json?: boolean;
        maxDepth?: number;
        filename?: string;
    }
    export function load(text: string, options?: LoadOptions): unknown;
    export class YAMLException extends Error {
        reason: string;
        mark?: { line: number; column: number };
    }
}
