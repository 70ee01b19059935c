/**
 * Jest resolver: @kubernetes-models/flux-cd and the packages it imports ship ES modules only (their `exports`
 * offer no `require` condition). Requests made from inside that package resolve with the `import` condition; the
 * files are compiled to CommonJS by swc (jest.config.js `transform`). Everything else resolves as before.
 */
module.exports = (request, options) => {
  const fromFluxModels = options.basedir.includes("/node_modules/@kubernetes-models/flux-cd");
  return options.defaultResolver(request, fromFluxModels ? { ...options, conditions: ["import", "default"] } : options);
};
