-- progress_ls — starts progress-ls for progresstxt buffers (one client per workspace root), its own omnifunc, restart.
-- Works on Neovim 0.7 (vim.lsp.start_client + buf_attach_client) and on 0.8+ (vim.lsp.start), chosen at run time;
-- on 0.11+ `vim.lsp.enable('progress_ls')` uses lsp/progress_ls.lua, built by M.lsp_config().
local M = {}

local defaults = {
  cmd = { 'progress-ls' },
  settings = {}, -- the server's settings (docs/settings.md): maxLines, severity, exclude, maxCompletionItems
  on_attach = nil, -- function(client, bufnr), called once per attached buffer
  root_markers = { '.git' },
}

M.config = vim.deepcopy(defaults)

-- The names a progress-ls client has: 'progress-ls' from setup(), 'progress_ls' from vim.lsp.enable.
local CLIENT_NAMES = { ['progress-ls'] = true, progress_ls = true }
-- How long <C-x><C-o> waits for the server before offering nothing.
local COMPLETION_TIMEOUT_MS = 2000

-- Client ids by root, for Neovim 0.7 where vim.lsp.start (which reuses clients itself) does not exist.
local clients_by_root = {}

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

local function all_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end

-- The progress-ls clients attached to `bufnr` (every progress-ls client when bufnr is nil).
local function our_clients(bufnr)
  local found = {}
  for _, client in ipairs(all_clients()) do
    if CLIENT_NAMES[client.name] and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id)) then
      table.insert(found, client)
    end
  end
  return found
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

-- ---------------------------------------------------------------------------------------------- completion

-- A byte column of `line` from an LSP character offset in `encoding`.
local function byte_col(line, character, encoding)
  local util = vim.lsp.util
  if util._str_byteindex_enc then -- 0.7 to 0.10
    local ok, col = pcall(util._str_byteindex_enc, line, character, encoding)
    if ok then
      return col
    end
  elseif encoding ~= 'utf-8' then -- 0.11: vim.str_byteindex(s, encoding, index, strict)
    local ok, col = pcall(vim.str_byteindex, line, encoding, character, false)
    if ok then
      return col
    end
  end
  return math.min(character, #line)
end

-- How well `pattern` matches `text`, ignoring case: nil when it is not a subsequence; else lower is better
-- (0: a prefix, 1: the pattern starts at a word start, 2: scattered).
function M.fuzzy_rank(pattern, text)
  if pattern == '' then
    return 0
  end
  local p, t = pattern:lower(), text:lower()
  if t:sub(1, #p) == p then
    return 0
  end
  local j = 1
  for i = 1, #p do
    j = t:find(p:sub(i, i), j, true)
    if not j then
      return nil
    end
    j = j + 1
  end
  local first = t:find(p:sub(1, 1), 1, true)
  local word_start = first == 1 or t:sub(first - 1, first - 1):match('[^%w]') ~= nil
  return word_start and 1 or 2
end

local KIND_NAMES = vim.lsp.protocol.CompletionItemKind

-- The complete-items for the server's answer: kept when the typed `prefix` matches fuzzily and case-insensitively
-- (a `[placeholder]` being replaced matches everything), best match first, the server's order within a rank.
-- `equal = 1` stops Vim from re-filtering them by its case-sensitive prefix rule.
function M.complete_items(result, prefix)
  local list = result and (result.items or result) or {}
  local ranked = {}
  for i, item in ipairs(list) do
    local word = item.textEdit and item.textEdit.newText or item.insertText or item.label
    local rank = prefix:sub(1, 1) == '[' and 0 or M.fuzzy_rank(prefix, item.filterText or item.label)
    if rank then
      table.insert(ranked, { rank = rank, order = i, item = item, word = word })
    end
  end
  table.sort(ranked, function(a, b)
    if a.rank ~= b.rank then
      return a.rank < b.rank
    end
    return (a.item.sortText or '') < (b.item.sortText or '') or
      ((a.item.sortText or '') == (b.item.sortText or '') and a.order < b.order)
  end)
  local items = {}
  for _, r in ipairs(ranked) do
    local item = r.item
    local doc = item.documentation
    local folder = item.kind == vim.lsp.protocol.CompletionItemKind.Folder
    table.insert(items, {
      word = r.word,
      abbr = item.label,
      kind = KIND_NAMES[item.kind] or '',
      menu = item.detail or '',
      info = type(doc) == 'table' and doc.value or doc or '',
      icase = 1,
      equal = 1,
      dup = 1,
      empty = 1,
      user_data = { progress_ls = { folder = folder } },
    })
  end
  return items
end

local pending = { items = {} }

-- The plugin's 'omnifunc': asks the server at the cursor and offers its items from where the server's edit
-- starts (a path's whole token, not just the keyword before the cursor). Synchronous, bounded by
-- COMPLETION_TIMEOUT_MS, so <C-x><C-o> shows the list at once.
-- Opens the list again when the text before the cursor ends with the folder `word` just inserted.
local function reopen_after(word)
  local col = vim.api.nvim_win_get_cursor(0)[2]
  local before = vim.api.nvim_get_current_line():sub(1, col)
  if vim.fn.mode() == 'i' and word ~= '' and before:sub(-#word) == word then
    local keys = vim.api.nvim_replace_termcodes('<C-x><C-o>', true, false, true)
    vim.api.nvim_feedkeys(keys, 'in', false)
  end
end

function M.omnifunc(findstart, base)
  if findstart == 0 then
    local items = pending.items
    pending.items = {}
    -- A lone folder: with the default 'completeopt' (no menuone) Vim inserts a sole match with no menu and no
    -- CompleteDone, so the list is opened again inside it from here, once Vim has inserted it.
    if #items == 1 and items[1].user_data.progress_ls.folder then
      local word = items[1].word
      items[1].user_data.progress_ls.reopened = true
      vim.schedule(function()
        reopen_after(word)
      end)
    end
    return items
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = our_clients(bufnr)[1]
  pending.items = {}
  if not client then
    return -3
  end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local line = vim.api.nvim_get_current_line()
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  params.context = { triggerKind = 1 }
  -- A server still indexing the workspace answers an empty, incomplete list: ask again until the deadline.
  local deadline = vim.loop.now() + COMPLETION_TIMEOUT_MS
  local response
  repeat
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, COMPLETION_TIMEOUT_MS)
    response = responses and responses[client.id]
    if not response or response.err or not response.result then
      return -3
    end
    local r = response.result
    local waiting = r.isIncomplete and #(r.items or r) == 0 and vim.loop.now() < deadline
    if waiting then
      vim.wait(50)
    end
  until not waiting
  local start = vim.fn.match(line:sub(1, col), '\\k*$')
  for _, item in ipairs(response.result.items or response.result) do
    local range = item.textEdit and (item.textEdit.range or item.textEdit.replace)
    if range and range.start.line == row - 1 then
      start = math.min(byte_col(line, range.start.character, client.offset_encoding), col)
      break
    end
  end
  pending.items = M.complete_items(response.result, line:sub(start + 1, col))
  return start
end

-- After a folder was picked, the list opens again inside it.
local function on_complete_done()
  local done = vim.v.completed_item
  local data = type(done) == 'table' and done.user_data
  if type(data) ~= 'table' or type(data.progress_ls) ~= 'table' or not data.progress_ls.folder or
    data.progress_ls.reopened then
    return
  end
  reopen_after(done.word)
end

-- Makes <C-x><C-o> complete from progress-ls in `bufnr`, replacing Neovim's own vim.lsp.omnifunc, and reopens
-- the list after a folder is picked.
function M.buf_setup(bufnr)
  local omni = vim.bo[bufnr].omnifunc
  if omni == '' or omni == 'v:lua.vim.lsp.omnifunc' then
    vim.bo[bufnr].omnifunc = "v:lua.require'progress_ls'.omnifunc"
  end
  local group = vim.api.nvim_create_augroup('progress_ls_buf_' .. bufnr, { clear = true })
  vim.api.nvim_create_autocmd('CompleteDone', { group = group, buffer = bufnr, callback = on_complete_done })
end

-- ---------------------------------------------------------------------------------------------- outline

-- What an outline entry is, in the file's own words, by LSP SymbolKind; list items by their section.
local OUTLINE_KINDS = { [2] = 'Section', [8] = 'Field', [1] = 'File', [11] = 'Interface', [3] = 'Group', [7] = 'Detail' }
local ITEM_KINDS = { ['Key Decisions'] = 'Decision', ['Known Issues'] = 'Issue', ['Notes'] = 'Note' }

-- The quickfix items for a hierarchical documentSymbol answer: "[Section] Files Modified", "[Decision] …",
-- "[File] src/a.py" rather than Neovim's "[Module]" and "[String]".
function M.outline_items(symbols, bufnr, encoding)
  local items = {}
  local name = vim.api.nvim_buf_get_name(bufnr)
  local function walk(list, section, depth)
    for _, sym in ipairs(list or {}) do
      local kind = OUTLINE_KINDS[sym.kind] or ITEM_KINDS[section] or 'Item'
      local start = (sym.selectionRange or sym.range).start
      local line = vim.api.nvim_buf_get_lines(bufnr, start.line, start.line + 1, false)[1] or ''
      table.insert(items, {
        filename = name,
        lnum = start.line + 1,
        col = byte_col(line, start.character, encoding) + 1,
        text = string.rep('  ', depth) .. '[' .. kind .. '] ' .. sym.name,
      })
      walk(sym.children, sym.kind == 2 and sym.name or section, depth + 1)
    end
  end
  walk(symbols, nil, 0)
  return items
end

local function on_document_symbol(err, result, ctx)
  if err or not result then
    return
  end
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local items = M.outline_items(result, ctx.bufnr, client and client.offset_encoding or 'utf-16')
  vim.fn.setqflist({}, ' ', { title = 'progress-ls outline', items = items })
  vim.cmd('botright copen')
end

-- ---------------------------------------------------------------------------------------------- clients

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
    handlers = { ['textDocument/documentSymbol'] = on_document_symbol },
    on_attach = function(client, bufnr)
      M.buf_setup(bufnr)
      if cfg.on_attach then
        cfg.on_attach(client, bufnr)
      end
    end,
  }
end

-- The configuration lsp/progress_ls.lua gives Neovim 0.11's vim.lsp.config (override with vim.lsp.config()).
function M.lsp_config()
  return {
    cmd = { 'progress-ls' },
    filetypes = { 'progresstxt' },
    root_markers = { '.git' },
    settings = { progressLs = {} },
    handlers = { ['textDocument/documentSymbol'] = on_document_symbol },
    on_attach = function(_, bufnr)
      M.buf_setup(bufnr)
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
  if not id or not vim.lsp.get_client_by_id(id) then
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
  M.started_by_setup = true
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

local function progress_buffers()
  local bufs = {}
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'progresstxt' then
      table.insert(bufs, buf)
    end
  end
  return bufs
end

-- :ProgressLsRestart — stops every progress-ls client, then, once they have exited, starts them again for every
-- progresstxt buffer (setup()'s attach, or vim.lsp.enable's FileType autocommand on 0.11+).
function M.restart()
  local ids = {}
  for _, client in ipairs(our_clients()) do
    table.insert(ids, client.id)
    vim.lsp.stop_client(client.id)
  end
  clients_by_root = {}
  local waited = 0
  local function reattach()
    for _, id in ipairs(ids) do
      if vim.lsp.get_client_by_id(id) and waited < 5000 then
        waited = waited + 50
        vim.defer_fn(reattach, 50)
        return
      end
    end
    for _, buf in ipairs(progress_buffers()) do
      if M.started_by_setup then
        M.attach(buf)
      else -- vim.lsp.enable's FileType autocommand starts it
        vim.api.nvim_buf_call(buf, function()
          vim.cmd('doautocmd <nomodeline> FileType progresstxt')
        end)
      end
    end
    vim.notify(string.format('progress-ls: restarted (%d client%s stopped)', #ids, #ids == 1 and '' or 's'),
      vim.log.levels.INFO)
  end
  reattach()
end

-- :ProgressLsInfo — the binary, and per client: id, root, encoding, attached buffers.
function M.info()
  local cmd = M.config.cmd
  local lines = {}
  local path = vim.fn.exepath(cmd[1])
  if path == '' then
    table.insert(lines, string.format('progress-ls: %q is not executable (not on PATH?)', cmd[1]))
  else
    local version = vim.fn.system({ path, '--version' }):gsub('%s+$', '')
    table.insert(lines, string.format('progress-ls: %s (%s)', path, version))
  end
  local clients = our_clients()
  if #clients == 0 then
    table.insert(lines, 'no progress-ls client is running (open a progress.txt; :ProgressLsRestart)')
  end
  for _, client in ipairs(clients) do
    local bufs = {}
    for _, buf in ipairs(progress_buffers()) do
      if vim.lsp.buf_is_attached(buf, client.id) then
        table.insert(bufs, string.format('%d:%s', buf, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':~:.')))
      end
    end
    table.insert(lines, string.format('client %d %s: root %s, encoding %s, buffers %s', client.id, client.name,
      client.config.root_dir or '-', client.offset_encoding or '?', table.concat(bufs, ' ')))
  end
  vim.api.nvim_echo({ { table.concat(lines, '\n') } }, false, {})
  return lines
end

return M
