// Benchmark baseline only: load @cdktf/provider-aws from its package root before the app
// runs, which is what an app importing `{ vpc } from "@cdktf/provider-aws"` pays (every
// one of the package's ~2,100 resource modules). The app itself is unchanged.
require("@cdktf/provider-aws");
