/**
 * The Mermaid diagram of an environment, drawn from its synthesized Terraform
 * JSON: the entry point of diagram/ (see diagram/index.ts for what is drawn
 * and which file draws it).
 */
export * from "./diagram/index";
