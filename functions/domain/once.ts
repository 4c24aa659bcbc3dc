// A value built on its first use and kept: schemas that only some invocations need are built by the first of them.
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
