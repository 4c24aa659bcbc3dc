// A value built on its first use and kept: a schema is built by the first invocation that parses with it, not at load.
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
