/** Registers cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their types. */
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();
