/**
 * A small simulated shell over an in-memory file system. It runs nothing on the real machine: every
 * command is interpreted here, over plain data, so a shell scenario is a pure state transition like any
 * other tool. It knows the handful of commands an agent needs to look around, edit files and manage
 * processes; anything else is "command not found", as in a minimal container.
 */

/** A file: its text and whether it is executable. */
export interface VfsFile {
  content: string;
  executable: boolean;
}

/** A running process. */
export interface SimProcess {
  pid: number;
  command: string;
}

/** Everything the shell can change. Plain data, so a state can be compared and stored. */
export interface ShellState {
  cwd: string;
  /** Absolute path → file. Directories exist implicitly as prefixes, or explicitly in `dirs`. */
  files: Readonly<Record<string, VfsFile>>;
  dirs: readonly string[];
  env: Readonly<Record<string, string>>;
  processes: readonly SimProcess[];
}

/**
 * A program the scenario provides (e.g. `./next_task`): called with the state and arguments, it returns
 * the next state and its output. Found through files written by `programFile(name)`, or by the
 * file's absolute path (for a script whose text the agent should be able to read).
 */
export type SimProgram<S extends ShellState> = (state: S, args: readonly string[]) => { state: S; output: string };

const PROGRAM = /^\x7fELF executable \((\S+)\)/;

/** The text of a simulated executable that runs the scenario program `name` (what `cat` shows of it). */
export const programFile = (name: string): string => `\x7fELF executable (${name})\n`;

/** Resolves a path against the working directory, folding `.` and `..`. */
export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

function isDir(state: ShellState, path: string): boolean {
  if (path === '/') return true;
  return state.dirs.includes(path) || Object.keys(state.files).some((f) => f.startsWith(`${path}/`));
}

/** Splits a command line into words, honoring single and double quotes. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started || current) words.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started || current) words.push(current);
  return words;
}

class ShellError extends Error {}

/** Looks a command name up on PATH (or as a path), returning the file path or null. */
export function which(state: ShellState, name: string): string | null {
  if (name.includes('/')) {
    const path = resolvePath(state.cwd, name);
    return state.files[path] ? path : null;
  }
  for (const dir of (state.env.PATH ?? '').split(':').filter(Boolean)) {
    const path = resolvePath('/', `${dir}/${name}`);
    if (state.files[path]?.executable) return path;
  }
  return null;
}

function setFile<S extends ShellState>(state: S, path: string, file: VfsFile | null): S {
  const files = Object.fromEntries(Object.entries(state.files).filter(([p]) => p !== path));
  if (file) files[path] = file;
  return { ...state, files };
}

function readFile(state: ShellState, path: string, shown: string): VfsFile {
  const file = state.files[path];
  if (!file) throw new ShellError(isDir(state, path) ? `${shown}: Is a directory` : `${shown}: No such file or directory`);
  return file;
}

function sedReplace(expr: string, text: string): string {
  const m = /^s(.)(.*?)\1(.*?)\1(g?)$/.exec(expr);
  if (!m) throw new ShellError(`sed: unsupported expression "${expr}" (this shell supports s/old/new/ and s/old/new/g)`);
  const [, , from = '', to = '', flags = ''] = m;
  return text.replace(new RegExp(from, flags === 'g' ? 'g' : ''), to);
}

type Builtin = <S extends ShellState>(state: S, args: string[]) => { state: S; output: string };

const BUILTINS: Readonly<Record<string, Builtin>> = {
  pwd: (state) => ({ state, output: state.cwd }),
  whoami: (state) => ({ state, output: state.env.USER ?? 'agent' }),
  true: (state) => ({ state, output: '' }),
  echo: (state, args) => ({ state, output: args.join(' ') }),
  cd: (state, args) => {
    const path = resolvePath(state.cwd, args[0] ?? state.env.HOME ?? '/');
    if (!isDir(state, path)) throw new ShellError(`cd: ${args[0] ?? ''}: No such file or directory`);
    return { state: { ...state, cwd: path }, output: '' };
  },
  ls: (state, args) => {
    const flags = args.filter((a) => a.startsWith('-')).join('');
    const target = resolvePath(state.cwd, args.find((a) => !a.startsWith('-')) ?? '.');
    const file = state.files[target];
    if (file) return { state, output: flags.includes('l') ? `${file.executable ? '-rwxr-xr-x' : '-rw-r--r--'} ${target}` : target.split('/').pop() ?? '' };
    if (!isDir(state, target)) throw new ShellError(`ls: cannot access '${target}': No such file or directory`);
    const prefix = target === '/' ? '/' : `${target}/`;
    const names = new Set<string>();
    for (const path of [...Object.keys(state.files), ...state.dirs]) {
      if (path.startsWith(prefix) && path !== target) names.add(path.slice(prefix.length).split('/')[0] ?? '');
    }
    const visible = [...names].filter((n) => n && (flags.includes('a') || !n.startsWith('.'))).sort();
    if (!flags.includes('l')) return { state, output: visible.join('\n') };
    return {
      state,
      output: visible.map((n) => (state.files[`${prefix}${n}`] ? `${state.files[`${prefix}${n}`]?.executable ? '-rwxr-xr-x' : '-rw-r--r--'} ${n}` : `drwxr-xr-x ${n}`)).join('\n'),
    };
  },
  cat: (state, args) => {
    if (args.length === 0) throw new ShellError('cat: missing file operand');
    return { state, output: args.map((a) => readFile(state, resolvePath(state.cwd, a), a).content).join('') };
  },
  head: (state, args) => {
    const name = args.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a))[0] ?? '';
    return { state, output: readFile(state, resolvePath(state.cwd, name), name).content.split('\n').slice(0, 10).join('\n') };
  },
  touch: (state, args) => {
    let next = state;
    for (const a of args) {
      const path = resolvePath(state.cwd, a);
      if (!next.files[path]) next = setFile(next, path, { content: '', executable: false });
    }
    return { state: next, output: '' };
  },
  mkdir: (state, args) => ({ state: { ...state, dirs: [...state.dirs, ...args.filter((a) => !a.startsWith('-')).map((a) => resolvePath(state.cwd, a))] }, output: '' }),
  rm: (state, args) => {
    const force = args.some((a) => a.startsWith('-') && a.includes('f'));
    let next = state;
    for (const a of args.filter((x) => !x.startsWith('-'))) {
      const path = resolvePath(state.cwd, a);
      const under = Object.keys(next.files).filter((f) => f === path || f.startsWith(`${path}/`));
      if (under.length === 0 && !force) throw new ShellError(`rm: cannot remove '${a}': No such file or directory`);
      for (const f of under) next = setFile(next, f, null);
    }
    return { state: next, output: '' };
  },
  mv: (state, args) => {
    const [from, to] = args.filter((a) => !a.startsWith('-'));
    if (!from || !to) throw new ShellError('mv: missing file operand');
    const src = resolvePath(state.cwd, from);
    const file = readFile(state, src, from);
    let dest = resolvePath(state.cwd, to);
    if (isDir(state, dest)) dest = `${dest === '/' ? '' : dest}/${src.split('/').pop() ?? ''}`;
    return { state: setFile(setFile(state, src, null), dest, file), output: '' };
  },
  cp: (state, args) => {
    const [from, to] = args.filter((a) => !a.startsWith('-'));
    if (!from || !to) throw new ShellError('cp: missing file operand');
    const src = resolvePath(state.cwd, from);
    let dest = resolvePath(state.cwd, to);
    if (isDir(state, dest)) dest = `${dest === '/' ? '' : dest}/${src.split('/').pop() ?? ''}`;
    return { state: setFile(state, dest, { ...readFile(state, src, from) }), output: '' };
  },
  chmod: (state, args) => {
    const [mode, ...targets] = args;
    if (!mode || targets.length === 0) throw new ShellError('chmod: missing operand');
    let next = state;
    for (const t of targets) {
      const path = resolvePath(state.cwd, t);
      const file = readFile(next, path, t);
      const executable = /^[0-7]{3,4}$/.test(mode) ? (Number.parseInt(mode.slice(-3, -2), 8) & 1) === 1 : mode.includes('+x') ? true : mode.includes('-x') ? false : file.executable;
      next = setFile(next, path, { ...file, executable });
    }
    return { state: next, output: '' };
  },
  sed: (state, args) => {
    if (args[0] !== '-i') throw new ShellError('sed: this shell supports only in-place edits: sed -i s/old/new/ FILE');
    const [, expr = '', name = ''] = args;
    const path = resolvePath(state.cwd, name);
    const file = readFile(state, path, name);
    return { state: setFile(state, path, { ...file, content: sedReplace(expr, file.content) }), output: '' };
  },
  ps: (state) => ({ state, output: ['  PID CMD', ...state.processes.map((p) => `${String(p.pid).padStart(5)} ${p.command}`)].join('\n') }),
  kill: (state, args) => {
    const pids = args.filter((a) => !a.startsWith('-')).map(Number);
    for (const pid of pids) if (!state.processes.some((p) => p.pid === pid)) throw new ShellError(`kill: (${pid}) - No such process`);
    return { state: { ...state, processes: state.processes.filter((p) => !pids.includes(p.pid)) }, output: '' };
  },
  export: (state, args) => {
    const env = { ...state.env };
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq > 0) env[a.slice(0, eq)] = a.slice(eq + 1).replace(/\$PATH\b/g, state.env.PATH ?? '').replace(/\$HOME\b/g, state.env.HOME ?? '');
    }
    return { state: { ...state, env }, output: '' };
  },
  which: (state, args) => ({ state, output: args.map((a) => which(state, a) ?? `${a} not found`).join('\n') }),
};

/** Runs one simple command (no pipes), with an optional `>`/`>>` redirect. */
function runSimple<S extends ShellState>(state: S, line: string, programs: Readonly<Record<string, SimProgram<S>>>): { state: S; output: string } {
  const redirect = /^(.*?)\s*(>>?)\s*(\S+)\s*$/.exec(line);
  const commandLine = redirect ? (redirect[1] ?? '') : line;
  const words = tokenize(commandLine);
  const [name, ...args] = words;
  if (!name) return { state, output: '' };
  let result: { state: S; output: string };
  const builtin = BUILTINS[name];
  if (builtin) result = builtin(state, args);
  else {
    const path = which(state, name);
    if (!path) throw new ShellError(`${name}: command not found`);
    const file = state.files[path];
    if (!file?.executable) throw new ShellError(`${name}: Permission denied`);
    const program = PROGRAM.exec(file.content)?.[1];
    const run = program ? programs[program] : programs[path];
    if (!run) throw new ShellError(`${name}: cannot execute in this sandbox`);
    result = run(state, args);
  }
  if (!redirect) return result;
  const target = resolvePath(state.cwd, redirect[3] ?? '');
  const previous = redirect[2] === '>>' ? (result.state.files[target]?.content ?? '') : '';
  const executable = result.state.files[target]?.executable ?? false;
  return { state: setFile(result.state, target, { content: `${previous}${result.output}\n`, executable }), output: '' };
}

/**
 * Runs a command line: simple commands joined by `;` or `&&` (stopping at the first failure after
 * `&&`). Returns the next state, the combined output, and whether the last command failed.
 */
export function runShell<S extends ShellState>(state: S, line: string, programs: Readonly<Record<string, SimProgram<S>>> = {}): { state: S; output: string; failed: boolean } {
  if (/(^|[^|])\|([^|]|$)/.test(line)) return { state, output: 'sh: pipes are not supported in this sandbox; run one command at a time', failed: true };
  const parts = line.split(/(;|&&)/);
  let current = state;
  const outputs: string[] = [];
  let failed = false;
  for (let i = 0; i < parts.length; i += 2) {
    const joiner = parts[i - 1];
    if (joiner === '&&' && failed) break;
    try {
      const result = runSimple(current, (parts[i] ?? '').trim(), programs);
      current = result.state;
      if (result.output) outputs.push(result.output);
      failed = false;
    } catch (error) {
      if (!(error instanceof ShellError)) throw error;
      outputs.push(`sh: ${error.message}`);
      failed = true;
    }
  }
  return { state: current, output: outputs.join('\n'), failed };
}
