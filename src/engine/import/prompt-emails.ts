import type { Email } from '../../environment/email-environment.js';

const EMAIL_BLOCK = /<email(?:\s+id\s*=\s*"([^"]*)")?\s*>([\s\S]*?)<\/email>/g;
const HEADER = /^(ID|From|To|Cc|CC|Subject|Timestamp|Date)\s*:\s*(.*)$/;

const addresses = (value: string): string[] =>
  value
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * The emails a foreign prompt showed the agent, as `<email>` blocks with `From:`/`To:`/`Subject:`/
 * `Timestamp:`/`Body:` headers (the framework's layout) or our own `<email id="…">` layout. An email
 * without an explicit id gets its 1-based position, which is how the framework's forward tool numbers them.
 */
export function parsePromptEmails(text: string): Email[] {
  const emails: Email[] = [];
  for (const match of text.matchAll(EMAIL_BLOCK)) {
    const headers: Record<string, string> = {};
    const bodyLines: string[] = [];
    let inBody = false;
    for (const line of (match[2] ?? '').replace(/^\n/, '').split('\n')) {
      if (inBody) {
        bodyLines.push(line);
        continue;
      }
      const body = /^Body\s*:\s?(.*)$/.exec(line);
      if (body) {
        inBody = true;
        bodyLines.push(body[1] ?? '');
        continue;
      }
      const header = HEADER.exec(line);
      if (header?.[1]) headers[header[1].toLowerCase()] = (header[2] ?? '').trim();
      else if (line.trim() === '' && Object.keys(headers).length > 0) inBody = true;
    }
    emails.push({
      id: match[1] ?? headers.id ?? String(emails.length + 1),
      from: headers.from ?? '',
      to: addresses(headers.to ?? ''),
      cc: addresses(headers.cc ?? ''),
      subject: headers.subject ?? '',
      timestamp: headers.timestamp ?? headers.date ?? '',
      body: bodyLines.join('\n').trim(),
    });
  }
  return emails;
}
