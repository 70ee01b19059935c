import { App } from "cdktf";
import { ConfigError, configDirFromEnvironment, loadEnvironmentConfigs } from "./config/load";
import { printWarnings } from "./stacks/annotations";
import { addEnvironment } from "./stacks/environment";

// Check every environment file before building anything: on bad input nothing is written.
let configs;
try {
  configs = loadEnvironmentConfigs(configDirFromEnvironment());
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(1);
}

// No stack traces in annotations: the same config gives the same bytes on every machine.
const app = new App({ stackTraces: false });
for (const config of configs) addEnvironment(app, config);
app.synth();
printWarnings(app);
