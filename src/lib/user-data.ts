/**
 * User data scripts rendered at synth time, with Terraform references inside.
 */
import { Fn } from "cdktf";

/**
 * Escape a script so it survives as a string literal inside a Terraform
 * expression (`base64encode("...")`): backslashes, double quotes and newlines
 * are escaped, and a literal `%{` is doubled so Terraform does not read a
 * template directive. Tokens (`${TfToken[...]}`) are left for cdktf to resolve;
 * the script itself must not contain a literal `${` (write `$VAR`, not `${VAR}`).
 */
export function escapeForHcl(script: string): string {
  if (/\$\{(?!TfToken\[)/.test(script)) {
    throw new Error("user data must not contain a literal '${' (Terraform interpolation); write $VAR instead of ${VAR}");
  }
  return script.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/%\{/g, "%%{");
}

/** `base64encode(<script>)` for launch template user data, references resolved by Terraform. */
export function userDataBase64(script: string): string {
  return Fn.base64encode(escapeForHcl(script));
}
