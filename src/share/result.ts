// The same shape as the engine's Result (the share layer may import only the model).
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };
