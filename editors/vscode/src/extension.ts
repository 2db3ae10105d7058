// extension.ts — starts progress-ls (the one this .vsix carries, progressLs.path, or PATH) for progress files and keeps
// its settings in step with VS Code's.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State } from 'vscode-languageclient/node';

const SECTION = 'progressLs';
let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let extensionPath = '';

/** The server's own settings (docs/settings.md), as the object it reads. */
export function serverSettings(config: vscode.WorkspaceConfiguration): Record<string, unknown> {
  return {
    maxLines: config.get<number>('maxLines', 150),
    severity: config.get<Record<string, string>>('severity', {}),
    exclude: config.get<string[]>('exclude', []),
    maxCompletionItems: config.get<number>('maxCompletionItems', 100),
  };
}

/** The full path of `command`: itself when it names a file, else the first match on PATH; undefined if none. */
export function resolveCommand(command: string, envPath = process.env.PATH ?? ''): string | undefined {
  const runnable = (file: string): boolean => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/') || command.includes(path.sep)) {
    return runnable(command) ? command : undefined;
  }
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of envPath.split(path.delimiter).filter((d) => d !== '')) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (runnable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

async function reportMissing(command: string): Promise<void> {
  const open = 'Open Settings';
  const choice = await vscode.window.showErrorMessage(
    `progress-ls: cannot start the language server: "${command}" is not an executable file` +
      (command.includes('/') ? '.' : ' on PATH.') +
      ' Build it (cmake -S . -B build && cmake --build build) and put it on PATH, or set "progressLs.path"' +
      ' to the full path of the progress-ls binary, then run "progress-ls: Restart Server".',
    open,
  );
  if (choice === open) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'progressLs.path');
  }
}

/**
 * The server to run: `progressLs.path` when set; else the binary a platform .vsix carries in server/; else
 * progress-ls on PATH. `configured` is what to name in an error when none is found.
 */
export function serverCommand(
  setting: string,
  bundledDir: string,
  envPath = process.env.PATH ?? '',
): { command: string | undefined; configured: string } {
  const configured = setting.trim();
  if (configured !== '') {
    return { command: resolveCommand(configured, envPath), configured };
  }
  const bundled = path.join(bundledDir, 'server', process.platform === 'win32' ? 'progress-ls.exe' : 'progress-ls');
  const carried = resolveCommand(bundled, envPath);
  return carried ? { command: carried, configured: bundled } : { command: resolveCommand('progress-ls', envPath), configured: 'progress-ls' };
}

// How long a start is waited for: a program that never answers initialize (progressLs.path set to something else)
// must not hold back the restart that fixes it.
const START_WAIT_MS = 10000;
// Clients whose start outlasted START_WAIT_MS: a stop does not wait for them a second time.
const stalled = new WeakSet<LanguageClient>();

/** True once `p` settles within `ms`, false when `ms` pass first; never rejects. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    p.then(done, done);
  });
}

/** A line in the "progress-ls" output channel, stamped as vscode-languageclient stamps its own. */
function note(text: string): void {
  output ??= vscode.window.createOutputChannel('progress-ls');
  output.appendLine(`[Info  - ${new Date().toLocaleTimeString()}] ${text}`);
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const { command, configured } = serverCommand(config.get<string>('path', ''), extensionPath);
  if (!command) {
    void reportMissing(configured);
    return;
  }
  note(`starting ${command}`);
  const serverOptions: ServerOptions = { command, args: [] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'progresstxt' }],
    initializationOptions: serverSettings(config),
    // Sends workspace/didChangeConfiguration on every change of progressLs.*; the server then asks for the section.
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
  };
  // The id is the settings prefix: vscode-languageclient reads progressLs.trace.server itself.
  const starting = new LanguageClient(SECTION, 'progress-ls', serverOptions, clientOptions);
  client = starting;
  const started = starting.start().catch((err) => {
    void vscode.window.showErrorMessage(`progress-ls: the server ${command} failed to start: ${String(err)}`);
  });
  if (!(await within(started, START_WAIT_MS))) {
    note(`${command} has not answered in ${START_WAIT_MS / 1000} s; going on without it`);
    stalled.add(starting);
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    note('stopping the server');
    // A start cannot be stopped (vscode-languageclient refuses), and a client restarting its crashed server is
    // mid-start: let the start finish first.
    if (running.state === State.Starting && !stalled.has(running)) {
      await within(running.start(), START_WAIT_MS);
    }
    try {
      await running.stop();
    } catch {
      // A server that already died, or never answered, cannot be stopped; it is gone either way.
    }
  }
}

// Starts and stops run one at a time, in the order asked, each bounded (a start by START_WAIT_MS, a stop by
// vscode-languageclient's own 2 s). Run side by side, a restart asked during a start (Restart Server twice in a
// row, a second save of the settings) found a client it could not stop yet, left it running unowned and started
// another beside it.
let lifecycle: Promise<void> = Promise.resolve();
function inTurn(step: () => Promise<void>): Promise<void> {
  const next = lifecycle.then(step);
  lifecycle = next.catch(() => undefined);
  return next;
}

const start = (): Promise<void> => inTurn(startClient);
const stop = (): Promise<void> => inTurn(stopClient);
const restart = (why: string): Promise<void> =>
  inTurn(async () => {
    note(`restarting: ${why}`);
    await stopClient();
    await startClient();
  });

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  context.subscriptions.push(
    vscode.commands.registerCommand('progressLs.restartServer', () => restart('Restart Server was run')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.path`)) {
        void restart(`${SECTION}.path changed`);
      }
    }),
    { dispose: () => void stop() },
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
