// Pulumi's entry point (`main` in Pulumi.yaml). The runtime calls the default export and turns what
// it returns into the stack's outputs.
import { createStack } from "./program.js";

export default () => createStack();
