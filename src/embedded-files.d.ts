// Files imported `with { type: 'file' }` evaluate to their path (inside the binary: a /$bunfs path).
declare module '*.wasm' {
  const path: string
  export default path
}

// Templates imported `with { type: 'text' }` evaluate to their text.
declare module '*.tmpl' {
  const text: string
  export default text
}
