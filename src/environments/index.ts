/**
 * Every environment this repository synthesizes.
 *
 * To add your own: write `src/environments/<name>.ts` exporting an
 * `EnvironmentDefinition` (copy the closest preset), and add it to
 * `DEFINITIONS` below. `ENVIRONMENT=<name> npx cdktf synth` synthesizes only it.
 */
import { EnvironmentDefinition } from "../config/definition";
import { buddyverse } from "./presets/buddyverse";
import { mediaCommerce } from "./presets/media-commerce";
import { retailLaunch } from "./presets/retail-launch";
import { webWas } from "./presets/web-was";

/** The four presets that reproduce the seeds. */
export const PRESETS: readonly EnvironmentDefinition[] = [retailLaunch, mediaCommerce, webWas, buddyverse];

/** Every environment definition, presets first. */
export const DEFINITIONS: readonly EnvironmentDefinition[] = [...PRESETS];
