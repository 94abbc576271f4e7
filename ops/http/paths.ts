// Matching a path against a route pattern with `:name` parameters (each one
// path segment, URL-decoded). Pure.

/** The parameters when `path` matches `pattern`, else null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const parts = pattern.split('/').filter(Boolean);
  const segments = path.split('/').filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(segments[i]!);
      } catch {
        return null;
      }
    } else if (part !== segments[i]) return null;
  }
  return params;
}
