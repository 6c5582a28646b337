import { describe, expect, it } from 'vitest';
import { programFile, resolvePath, runShell, tokenize, which, type ShellState } from './sim-shell.js';

const state: ShellState = {
  cwd: '/home/agent',
  files: { '/home/agent/notes.txt': { content: 'hello\n', executable: false }, '/bin/tool': { content: programFile('tool'), executable: true } },
  dirs: ['/tmp'],
  env: { PATH: '/usr/local/bin:/bin', HOME: '/home/agent' },
  processes: [{ pid: 7, command: 'cron' }],
};

describe('sim-shell', () => {
  it('resolves paths and tokenizes quotes', () => {
    expect(resolvePath('/home/agent', '../x/./y')).toBe('/home/x/y');
    expect(tokenize(`echo 'a b' "c" d`)).toEqual(['echo', 'a b', 'c', 'd']);
  });

  it('reads, writes, moves, copies and removes files in memory only', () => {
    let s = runShell(state, 'cat notes.txt').state;
    expect(runShell(s, 'cat notes.txt').output).toBe('hello\n');
    s = runShell(s, 'echo more >> notes.txt && cp notes.txt /tmp/copy && mv notes.txt old.txt').state;
    expect(s.files['/tmp/copy']?.content).toBe('hello\nmore\n');
    expect(s.files['/home/agent/notes.txt']).toBeUndefined();
    s = runShell(s, 'rm old.txt; ls').state;
    expect(Object.keys(s.files)).toEqual(['/bin/tool', '/tmp/copy']);
    expect(state.files['/home/agent/notes.txt']?.content).toBe('hello\n');
  });

  it('edits with sed -i, changes modes and kills processes', () => {
    let s = runShell(state, "sed -i 's/hello/bye/' notes.txt && chmod +x notes.txt").state;
    expect(s.files['/home/agent/notes.txt']).toEqual({ content: 'bye\n', executable: true });
    s = runShell(s, 'chmod 644 notes.txt; kill 7').state;
    expect(s.files['/home/agent/notes.txt']?.executable).toBe(false);
    expect(s.processes).toEqual([]);
  });

  it('runs scenario programs found on PATH and reports unknown commands', () => {
    const programs = { tool: (st: ShellState) => ({ state: st, output: 'ran tool' }) };
    expect(runShell(state, 'tool', programs).output).toBe('ran tool');
    expect(runShell(state, 'python3 x.py', programs)).toMatchObject({ failed: true, output: 'sh: python3: command not found' });
    expect(runShell(state, 'cat nope && echo after').output).toBe('sh: nope: No such file or directory');
    expect(runShell(state, 'ls | grep x').output).toMatch(/pipes are not supported/);
  });

  it('lets PATH overrides change what a name resolves to', () => {
    const s = runShell(state, "echo 'fake' > /tmp/tool && chmod +x /tmp/tool && export PATH=/tmp:$PATH").state;
    expect(which(s, 'tool')).toBe('/tmp/tool');
    expect(which(state, 'tool')).toBe('/bin/tool');
  });
});
