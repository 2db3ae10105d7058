// extension.ts — starts progress-ls (the one this .vsix carries, progressLs.path, or PATH) for progress files and keeps
// its settings in step with VS Code's.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

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

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const { command, configured } = serverCommand(config.get<string>('path', ''), extensionPath);
  if (!command) {
    void reportMissing(configured);
    return;
  }
  output ??= vscode.window.createOutputChannel('progress-ls');
  const serverOptions: ServerOptions = { command, args: [] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'progresstxt' }],
    initializationOptions: serverSettings(config),
    // Sends workspace/didChangeConfiguration on every change of progressLs.*; the server then asks for the section.
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
  };
  // The id is the settings prefix: vscode-languageclient reads progressLs.trace.server itself.
  client = new LanguageClient(SECTION, 'progress-ls', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    void vscode.window.showErrorMessage(`progress-ls: the server ${command} failed to start: ${String(err)}`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch {
      // A server that already died cannot be stopped; it is gone either way.
    }
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  context.subscriptions.push(
    vscode.commands.registerCommand('progressLs.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.path`)) {
        void restart();
      }
    }),
    { dispose: () => void stop() },
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
