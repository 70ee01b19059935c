const { Script } = require("node:vm");
const Runtime = require("jest-runtime").default;

/** The modules this worker has compiled, by file name: their code and script (see CachingRuntime). */
const compiled = new Map();
/** The source text of dependency modules, by file name. */
const sources = new Map();
/** Jest's transform of each module (its code and source map), by file name and transform options. */
const transforms = new Map();

const isDependency = (filename) => filename.includes("/node_modules/");

/** A script of the module's wrapper function, or undefined where it does not compile as one (Jest then reports why). */
function scriptOf(wrapper, filename) {
  try {
    return new Script(wrapper, { filename, lineOffset: -1 });
  } catch {
    return undefined;
  }
}

/**
 * Jest's runtime, except that a worker compiles each module once, not once per test file that loads it.
 *
 * Every test file has its own module registry, so cdktf, the provider bindings, ajv, yaml, the Kubernetes models and
 * the project's constructs are evaluated afresh for each test file, as they must be: no state is shared between
 * files. Jest also compiles them afresh (vm.compileFunction, which V8 cannot serve from its compilation cache as Jest
 * calls it), and that compilation was a fifth of the construct tests' time: the provider bindings alone are megabytes
 * of JavaScript. Here a module's wrapper function is compiled once per worker into a context-independent vm.Script
 * (for the same code: a changed transform compiles anew); each test file runs that script in its own context, which
 * creates that file's own function, with that file's globals, from the same bytecode. Each module is transformed
 * (or its transform looked up in Jest's cache) once per worker too, and the source of dependencies (files under
 * node_modules) read once: a worker serves one run, during which the files do not change.
 *
 * Depends on jest-runtime's internals (30.5.2, pinned): should they change, it falls back to Jest's own compilation.
 */
class CachingRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const { executor, fileCache } = this;
    if (typeof executor?.compile !== "function" || !Array.isArray(executor.injectedModuleParameters)) return;
    if (typeof fileCache?.readFile !== "function" || typeof this._environment?.getVmContext !== "function") return;

    const readFile = fileCache.readFile.bind(fileCache);
    fileCache.readFile = (filename) => {
      if (!isDependency(filename)) return readFile(filename);
      let source = sources.get(filename);
      if (source === undefined) sources.set(filename, (source = readFile(filename)));
      return source;
    };

    // Jest transforms a module (or finds its cached transform: a stat and a cache key, per module per test file) for
    // every test file that loads it; the files do not change during the run this worker serves.
    const { transformCache } = this;
    if (typeof transformCache?.transform === "function" && transformCache.transforms instanceof Map && transformCache.sourceMaps instanceof Map) {
      const transform = transformCache.transform.bind(transformCache);
      transformCache.transform = (filename, options) => {
        if (options?.isInternalModule) return transform(filename, options);
        const key = `${filename}\0${JSON.stringify(options ?? null)}`;
        let transformed = transforms.get(key);
        if (transformed === undefined) {
          transform(filename, options);
          transforms.set(key, (transformed = transformCache.transforms.get(filename)));
        } else {
          // As Jest's own transform records it: for source-mapped stack traces and coverage.
          transformCache.transforms.set(filename, transformed);
          if (transformed.sourceMapPath) transformCache.sourceMaps.set(filename, transformed.sourceMapPath);
        }
        return transformed.code;
      };
    }

    const compile = executor.compile.bind(executor);
    // Core modules get another file name from Jest; a module that may call `import()` needs its test file's loader.
    const compilable = (source, filename) => !executor.resolution?.isCoreModule?.(filename) && !/\bimport\s*\(/.test(source);
    executor.compile = (source, filename) => {
      let entry = compiled.get(filename);
      if (entry === undefined || entry.source !== source) {
        // The wrapper on a line of its own, so that the module's lines and columns are its file's.
        const wrapper = `(function (${executor.injectedModuleParameters.join(", ")}) {\n${source}\n})`;
        compiled.set(filename, (entry = { source, script: compilable(source, filename) ? scriptOf(wrapper, filename) : undefined }));
      }
      if (entry.script === undefined) return compile(source, filename);
      const context = this._environment.getVmContext();
      return context == null ? null : entry.script.runInContext(context);
    };
  }
}

module.exports = CachingRuntime;
