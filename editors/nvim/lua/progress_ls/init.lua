-- progress_ls — starts progress-ls for progresstxt buffers, one client per workspace root.
-- Works on Neovim 0.7 (vim.lsp.start_client + buf_attach_client) and on 0.8+ (vim.lsp.start), chosen at run time.
local M = {}

local defaults = {
  cmd = { 'progress-ls' },
  settings = {}, -- the server's settings (docs/settings.md): maxLines, severity, exclude, maxCompletionItems
  on_attach = nil, -- function(client, bufnr), called once per attached buffer
  root_markers = { '.git' },
}

M.config = vim.deepcopy(defaults)

-- Client ids by root, for Neovim 0.7 where vim.lsp.start (which reuses clients itself) does not exist.
local clients_by_root = {}

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

-- The nearest folder at or above the file's folder holding a root marker; else the file's own folder.
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.loop.cwd()
  local dir = start
  while dir and dir ~= '' do
    for _, marker in ipairs(M.config.root_markers) do
      if exists(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

-- The LSP client configuration for one root. Settings go both ways the server reads them: initializationOptions at
-- start, and the `progressLs` section Neovim answers workspace/configuration with.
function M.client_config(root)
  local cfg = M.config
  return {
    name = 'progress-ls',
    cmd = cfg.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = vim.deepcopy(cfg.settings),
    settings = { progressLs = vim.deepcopy(cfg.settings) },
    on_attach = function(client, bufnr)
      -- Neovim 0.7 leaves omnifunc unset; <C-x><C-o> should complete from the server.
      if vim.bo[bufnr].omnifunc == '' then
        vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
      end
      if cfg.on_attach then
        cfg.on_attach(client, bufnr)
      end
    end,
  }
end

local warned = false

-- True when cmd[1] can be run; else says once what is wrong and how to fix it.
local function can_run(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not warned then
    warned = true
    vim.notify(string.format(
      "progress-ls: cannot run %q: no such executable on PATH. Build it (cmake -S . -B build && cmake --build build), "
        .. "put build/progress-ls on PATH, or pass cmd = { '/path/to/progress-ls' } to require('progress_ls').setup().",
      cmd[1]), vim.log.levels.ERROR)
  end
  return false
end

-- Starts the root's server if needed and attaches `bufnr` to it. Returns the client id, or nil when the server
-- cannot be started.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not can_run(M.config.cmd) then
    return nil
  end
  local root = M.root_dir(bufnr)
  local config = M.client_config(root)
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    if not id then
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- setup(opts): opts.cmd (argv list), opts.settings (table), opts.on_attach (function), opts.root_markers (list).
-- Attaches every progresstxt buffer, the ones already open and the ones opened later.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.settings then
    M.config.settings = vim.deepcopy(opts.settings) -- replaced, not merged: an empty table clears the settings
  end
  local group = vim.api.nvim_create_augroup('progress_ls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'progresstxt',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'progresstxt' then
      M.attach(buf)
    end
  end
end

return M
