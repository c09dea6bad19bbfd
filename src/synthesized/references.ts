/**
 * How a synthesized stack refers to resources and to other stacks' outputs:
 * the one set of patterns every reader of the Terraform JSON uses.
 *
 * - `${aws_s3_bucket.media_bucket.id}`: a resource of the same stack;
 * - `${data.terraform_remote_state.network.outputs.sg_alb_id}`: output
 *   `sg_alb_id` of the stack whose state the data source reads.
 */

/** `aws_x.name` anywhere in a string, not preceded by `data.` or another identifier character (global: use with `matchAll`). */
export const RESOURCE_REF = /(?<![\w.-])(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;
/** `data.terraform_remote_state.<id>.outputs.<name>` anywhere in a string (global: use with `matchAll`). */
export const REMOTE_STATE_REF = /\bdata\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_]+)/g;
/** A string that is one interpolation: `${...}`. */
export const WHOLE_EXPRESSION = /^\$\{([\s\S]*)\}$/;
/** An expression that is one resource attribute: `aws_subnet.vpc_web-a.id` (type, name). */
export const WHOLE_RESOURCE_REF = /^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.[A-Za-z0-9_]+)*$/;
/** An expression that is one remote-state output: `data.terraform_remote_state.network.outputs.vpc_id` (source, output). */
export const REMOTE_OUTPUT = /^data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_]+)$/;
/** Every remote-state output (groups 1, 2) or resource reference (groups 3, 4) in a string (global). */
export const SCAN = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_]+)|\b([a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
/** A resource or data-source address anywhere in text, `aws_x.name` or `data.aws_x.name` (group 1: the type, `data.` included; global). */
export const ADDRESS_IN_TEXT = /\b((?:data\.)?aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+/g;
