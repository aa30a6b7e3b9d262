/**
 * The Content-Security-Policy for the renderer, served as a header by Electron's app:// handler and by
 * the browser-mode host alike. No inline script, no eval, nothing from elsewhere except what `connect`
 * adds (the browser-mode WebSocket; later the HQ sync endpoint).
 */
export function buildCsp(options: { connect?: string[] } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(options.connect ?? [])],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

function parseCsp(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

/** What makes a policy unsafe for this app; empty when it holds. */
export function auditCsp(csp: string): string[] {
  const policy = parseCsp(csp);
  const problems: string[] = [];
  if (policy.get('default-src')?.join(' ') !== "'none'") problems.push("default-src must be 'none'");
  const scripts = policy.get('script-src');
  if (!scripts) problems.push('script-src is missing');
  for (const [name, sources] of policy) {
    for (const bad of ["'unsafe-eval'", "'unsafe-inline'", '*', 'http:', 'https:']) {
      if (sources.includes(bad)) problems.push(`${name} allows ${bad}`);
    }
  }
  if (scripts?.some((s) => s !== "'self'")) problems.push("script-src may only be 'self'");
  if (policy.get('object-src')?.join(' ') !== "'none'") problems.push("object-src must be 'none'");
  if (policy.get('frame-ancestors')?.join(' ') !== "'none'") problems.push("frame-ancestors must be 'none'");
  return problems;
}
