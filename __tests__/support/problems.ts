/**
 * Test support: what `validateDefinition` says about a definition.
 */
import { EnvironmentDefinition } from "../../src/config/definition";
import { DefinitionError } from "../../src/config/problems";
import { validateDefinition } from "../../src/config/validate";

/** The problems `validateDefinition` reports for `definition` (fails the test if it accepts it). */
export function problemsOf(definition: EnvironmentDefinition): DefinitionError["problems"] {
  try {
    validateDefinition(definition);
  } catch (e) {
    if (e instanceof DefinitionError) return e.problems;
    throw e;
  }
  throw new Error("definition was accepted");
}
