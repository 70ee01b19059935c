/**
 * Imported first by the synth's entry point (main.ts) for its side effect: libraries under `node_modules` are
 * compiled without reading their source maps; the project's own files keep theirs.
 *
 * Why: tsx turns Node's source maps on for every module it loads, and the provider bindings carry inline source maps
 * (a base64 copy of their TypeScript sources) as large as their code. Node decodes and parses each map when it
 * compiles the module: for the 77 azurerm bindings the synth loads, 11.7 MB of JavaScript, that took longer than
 * compiling them (about 0.6 s of a 6 s synth on 2 cores, measured with `npm run bench`). A map is only read to print
 * an error's stack trace; a frame inside a library then shows its compiled `.js` line, as it does without tsx.
 *
 * How: Node caches a module's source map while it compiles the module (`Module.prototype._compile`) and only if
 * source maps are on at that moment, so they are off while a library module compiles and restored after. Nothing
 * else about loading changes (tsx still resolves and, for the project's files, transforms). Jest loads modules
 * its own way and is not affected.
 */
import Module from "node:module";
import { sep } from "node:path";

const LIBRARY = `${sep}node_modules${sep}`;

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;
const prototype = Module.prototype as unknown as { _compile: Compile; __librarySourceMapsOff?: true };

if (!prototype.__librarySourceMapsOff) {
  prototype.__librarySourceMapsOff = true;
  const compile = prototype._compile;
  // Every argument is passed on: Node's own `.js` handler adds the module's format (CommonJS or ES module).
  prototype._compile = function compileLibraryWithoutSourceMap(content, filename, ...rest) {
    if (!process.sourceMapsEnabled || !filename.includes(LIBRARY)) return compile.call(this, content, filename, ...rest);
    process.setSourceMapsEnabled(false);
    try {
      return compile.call(this, content, filename, ...rest);
    } finally {
      process.setSourceMapsEnabled(true);
    }
  };
}
