/**
 * @module render-template
 * Plain placeholder substitution for the files in `templates/`: `{{name}}` becomes `values.name`. A
 * placeholder without a value, or a value without a placeholder, is a bug in hypergol and fails loudly.
 */

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g

/**
 * Renders `template` (named `name`, for messages) with `values`.
 *
 * @throws Error when a placeholder has no value or a value is never used.
 */
export const renderTemplate = (
  name: string,
  template: string,
  values: Readonly<Record<string, string>>,
): string => {
  const used = new Set<string>()
  const text = template.replace(PLACEHOLDER, (_, key: string) => {
    const value = values[key]
    if (value === undefined) throw new Error(`template ${name}: no value for {{${key}}}`)
    used.add(key)
    return value
  })
  const unused = Object.keys(values).filter((key) => !used.has(key))
  if (unused.length > 0) throw new Error(`template ${name}: unused values ${unused.join(', ')}`)
  return text
}
