// Lint: typescript-eslint's recommended rules, Pulumi's rules against Outputs in template literals
// (those need type information, so the project's tsconfig is loaded), and the project's layering
// (tools/lint/layers.mjs: no wrong-way import between runtime layers, no tooling in the runtime).
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";
import layers from "./tools/lint/layers.mjs";

export default tseslint.config({ ignores: ["node_modules/**", "bin/**", "out/**", "**/*.js", "**/*.mjs"] }, ...tseslint.configs.recommended, {
    files: ["**/*.ts"],
    plugins: { "@pulumi": pulumi, platform: layers },
    languageOptions: {
        parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
        "platform/layers": "error",
        "@pulumi/no-output-in-template-literal": "error",
        "@pulumi/no-output-instance-in-template-literal": "error",
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "@typescript-eslint/consistent-type-imports": "off",
        eqeqeq: ["error", "always"],
        "no-console": "off",
    },
});
