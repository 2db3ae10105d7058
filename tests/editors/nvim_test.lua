-- nvim_test.lua — the Neovim plugin in a real (headless) Neovim: filetype, attach per root, settings, diagnostics,
-- completion typed through the user's keys (<C-x><C-o>, a folder pick reopening the list), hover, the "Move to
-- Files Modified" code action applied to the buffer, :ProgressLsInfo and :ProgressLsRestart.
-- Run: PROGRESS_LS=... REPO=... nvim --headless --clean --cmd 'set rtp^=$REPO/editors/nvim' -c 'luafile nvim_test.lua'
local repo = assert(os.getenv('REPO'), 'set REPO to the repository root')
local server = assert(os.getenv('PROGRESS_LS'), 'set PROGRESS_LS to the progress-ls binary')
local WAIT_MS = 10000

local failures, checks = 0, 0

local function say(fmt, ...)
  io.stdout:write(string.format(fmt, ...) .. '\n')
end

local function check(ok, what, detail)
  checks = checks + 1
  if ok then
    say('ok   %s', what)
  else
    failures = failures + 1
    say('FAIL %s%s', what, detail and (': ' .. detail) or '')
  end
  return ok
end

local function finish()
  say('nvim %s: %d checks, %d failed', tostring(vim.version and vim.version().minor and
    string.format('0.%d.%d', vim.version().minor, vim.version().patch) or '?'), checks, failures)
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

-- Clients attached to a buffer, whatever the Neovim version calls the function.
local function buf_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.lsp.buf_get_clients(bufnr)
end

local function first_client(bufnr)
  for _, c in pairs(buf_clients(bufnr)) do
    return c
  end
end

-- One request to the buffer's client; the result, or nil and the error.
local function request(client, bufnr, method, params)
  local response = client.request_sync(method, params, WAIT_MS, bufnr)
  if not response then
    return nil, 'no answer within ' .. WAIT_MS .. ' ms'
  end
  if response.err then
    return nil, vim.inspect(response.err)
  end
  return response.result
end

-- Formatting as a user asks for it: `:lua vim.lsp.buf.formatting_sync()` typed on a messy progress file (0.7's
-- call; vim.lsp.buf.format on later versions), the buffer then in the canonical layout, every word kept.
local function formatting(root)
  local path = root .. '/plan/claude-progress.txt'
  vim.fn.writefile({ '===session state===', 'Next task :  write it  ', '', '', '=== Notes ===', '*  a',
    '- b  ', '* c', '', '' }, path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local ok = vim.wait(WAIT_MS, function() return first_client(bufnr) ~= nil end, 20)
  if not check(ok, 'formatting: the server attaches to a second progress file') then
    return
  end
  local call = vim.lsp.buf.formatting_sync and 'vim.lsp.buf.formatting_sync(nil, 5000)'
    or 'vim.lsp.buf.format({ timeout_ms = 5000 })'
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(':lua ' .. call .. '<CR>', true, false, true), 'x', false)
  local got = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), '\n')
  local want = table.concat({ '=== Session State ===', 'Next task: write it', '', '=== Notes ===', '* a', '* b', '* c' },
    '\n')
  check(got == want, ':lua ' .. call .. ' gives the canonical layout', got)
  -- A second time changes nothing (the buffer stays unmodified after a write).
  vim.cmd('silent write')
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(':lua ' .. call .. '<CR>', true, false, true), 'x', false)
  check(not vim.bo[bufnr].modified, 'formatting a formatted buffer changes nothing')
end

local function main()
  -- A workspace: a git root (marked by .git) holding the sample in a subfolder, so the root is found upwards.
  local root = vim.fn.resolve(vim.fn.tempname())
  vim.fn.mkdir(root .. '/.git', 'p')
  vim.fn.mkdir(root .. '/plan', 'p')
  for _, f in ipairs({ 'src/auth/session.py', 'src/auth/login.py', 'src/api/admin.py', 'docs/operations.md',
                       'kit/only.py' }) do
    vim.fn.mkdir(vim.fn.fnamemodify(root .. '/' .. f, ':h'), 'p')
    vim.fn.writefile({ '' }, root .. '/' .. f)
  end
  local path = root .. '/plan/progress.txt'
  vim.fn.writefile(vim.fn.readfile(repo .. '/tests/editors/samples/progress.txt'), path)

  local attached = {}
  require('progress_ls').setup({
    cmd = { server },
    settings = { maxLines = 20 },
    on_attach = function(client, bufnr)
      table.insert(attached, { client = client.name, bufnr = bufnr })
    end,
  })

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo.filetype == 'progresstxt', 'filetype is progresstxt, not text', vim.bo.filetype)
  for name, want in pairs({ ['claude-progress.txt'] = true, ['agent_progress.txt'] = true, ['web-progress.txt'] = true,
                            ['notes.progress.txt'] = true, ['myprogress.txt'] = false, ['progress.md'] = false }) do
    -- The detection a user gets on opening the file: BufRead on a scratch buffer of that name.
    vim.cmd('silent noautocmd enew')
    vim.api.nvim_buf_set_name(0, root .. '/' .. name)
    vim.cmd('doautocmd BufRead')
    local got = vim.bo.filetype
    vim.cmd('silent bwipeout!')
    check((got == 'progresstxt') == want, string.format('%s is %sa progress file', name, want and '' or 'not '),
      got)
  end
  vim.cmd('buffer ' .. vim.fn.bufnr(path))

  local ok = vim.wait(WAIT_MS, function() return first_client(bufnr) ~= nil and #attached > 0 end, 20)
  if not check(ok, 'the server attaches to the buffer') then
    return
  end
  local client = first_client(bufnr)
  check(client.name == 'progress-ls', 'the client is progress-ls', client.name)
  check(client.config.root_dir == root, 'the root is the folder holding .git', client.config.root_dir)
  check(attached[1].bufnr == bufnr, 'opts.on_attach ran for the buffer')
  check(vim.bo[bufnr].omnifunc == "v:lua.require'progress_ls'.omnifunc", "omnifunc is the plugin's own",
    vim.bo[bufnr].omnifunc)

  -- Diagnostics: the placeholder, and file-too-long from opts.settings.maxLines = 20 (26 lines).
  local function codes()
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      seen[d.code or d.user_data and d.user_data.lsp and d.user_data.lsp.code or '?'] = d
    end
    return seen
  end
  ok = vim.wait(WAIT_MS, function() return codes()['placeholder'] ~= nil and codes()['file-too-long'] ~= nil end, 20)
  local seen = codes()
  check(ok, 'diagnostics arrive: placeholder and file-too-long (maxLines from opts.settings)',
    vim.inspect(vim.tbl_keys(seen)))
  if seen['placeholder'] then
    check(seen['placeholder'].lnum == 25 and seen['placeholder'].col == 2, 'the placeholder is at line 26, column 3',
      seen['placeholder'].lnum .. ':' .. seen['placeholder'].col)
  end

  -- Completion: type over the level as a user would, then ask at the end of `Complexity level: `.
  local uri = vim.uri_from_bufnr(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, 5, 6, true, { 'Complexity level: ' })
  local result, err = request(client, bufnr, 'textDocument/completion',
    { textDocument = { uri = uri }, position = { line = 5, character = 18 } })
  local labels = {}
  for _, item in ipairs(result and (result.items or result) or {}) do
    labels[item.label] = true
  end
  for _, level in ipairs({ 'Trivial', 'Small', 'Medium', 'Large', 'Huge' }) do
    check(labels[level], 'completion after "Complexity level: " offers ' .. level, err or vim.inspect(vim.tbl_keys(labels)))
  end
  vim.api.nvim_buf_set_lines(bufnr, 5, 6, true, { 'Complexity level: Medium' })

  -- Completion as a user types it: <C-x><C-o> in insert mode, the buffer line read back.
  vim.o.completeopt = 'menuone'
  local function typed(lnum, keys)
    vim.api.nvim_win_set_cursor(0, { lnum, 0 })
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'tx', false)
    return vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, true)[1]
  end
  local line17 = vim.api.nvim_buf_get_lines(bufnr, 16, 17, true)[1]
  check(line17 == 'docs/operations.md', 'line 17 is the last path of Files To Modify', line17)
  -- `sess`: no label starts with it (0.7's vim.lsp.omnifunc would show nothing); the fuzzy match is session.py.
  local got = typed(17, 'osess<C-x><C-o><C-y><Esc>')
  check(got == 'src/auth/session.py', '"sess<C-x><C-o>" completes src/auth/session.py', got)
  vim.api.nvim_buf_set_lines(bufnr, 17, 18, true, {})
  -- A folder pick reopens the list inside it: `sr`, pick src/, then auth/, then the first file.
  got = typed(17, 'osr<C-x><C-o><C-y><C-y><C-y><Esc>')
  check(got:match('^src/[%w_]+/[%w_]+%.%w+$') ~= nil,
    'picking src/, then a folder in it, reopens the list each time and ends on a file two folders down', got)
  vim.api.nvim_buf_set_lines(bufnr, 17, 18, true, {})
  -- A lone folder with Neovim's default 'completeopt' (no menuone): `ki<C-x><C-o>`, accept kit/, and the list opens
  -- again inside it, its only file inserted.
  vim.o.completeopt = 'menu,preview'
  got = typed(17, 'oki<C-x><C-o><C-y><Esc>')
  check(got == 'kit/only.py', '"ki<C-x><C-o>" with the default completeopt reopens inside the lone folder kit/', got)
  vim.api.nvim_buf_set_lines(bufnr, 17, 18, true, {})
  vim.o.completeopt = 'menuone'
  -- Levels, case-insensitively: `me` gives Medium.
  vim.api.nvim_buf_set_lines(bufnr, 5, 6, true, { 'Complexity level: ' })
  typed(6, 'Ame<C-x><C-o><C-y><Esc>')
  got = vim.api.nvim_buf_get_lines(bufnr, 5, 6, true)[1]
  check(got == 'Complexity level: Medium', '"Complexity level: me<C-x><C-o>" completes Medium', got)

  -- Hover on the interface name `allow` of RateLimiter.allow(...).
  local iface = vim.api.nvim_buf_get_lines(bufnr, 19, 20, true)[1]
  check(iface:find('^RateLimiter%.allow%(') ~= nil, 'line 20 is the interface', iface)
  result, err = request(client, bufnr, 'textDocument/hover',
    { textDocument = { uri = uri }, position = { line = 19, character = 14 } })
  local text = ''
  if result and result.contents then
    local c = result.contents
    text = type(c) == 'string' and c or c.value or vim.inspect(c)
  end
  check(text:find('RateLimiter.allow', 1, true) ~= nil and text:find('key: str', 1, true) ~= nil,
    'hover on an interface shows its signature', err or text)

  -- Code action on `src/api/admin.py (mount the limiter)` (line 16); apply its edit to the buffer.
  local line = 15
  result, err = request(client, bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = {} },
  })
  local action
  for _, a in ipairs(result or {}) do
    if a.title == 'Move to Files Modified' then
      action = a
    end
  end
  if not check(action ~= nil and action.edit ~= nil, 'code action "Move to Files Modified" with an edit',
      err or vim.inspect(result)) then
    return
  end
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  local expected = {
    '=== Files Modified ===',
    'src/middleware/rate_limit.py',
    'tests/middleware/test_rate_limit.py',
    'src/api/admin.py (mount the limiter)',
    '',
    '=== Files To Modify ===',
    'docs/operations.md',
    '',
    '=== Interfaces Defined ===',
  }
  local got = vim.api.nvim_buf_get_lines(bufnr, 10, 10 + #expected, false)
  for i, want in ipairs(expected) do
    check(got[i] == want, string.format('after the move, line %d is %q', 10 + i, want), vim.inspect(got[i]))
  end
  check(vim.api.nvim_buf_line_count(bufnr) == 26, 'the move keeps 26 lines', vim.api.nvim_buf_line_count(bufnr))

  -- The outline as vim.lsp.buf.document_symbol() shows it: the file's own words, not [Module] and [String].
  vim.fn.setqflist({}, 'r')
  vim.lsp.buf.document_symbol()
  ok = vim.wait(WAIT_MS, function() return #vim.fn.getqflist() > 0 end, 20)
  local outline = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    outline[vim.trim(item.text)] = item.lnum
  end
  vim.cmd('cclose')
  for text, lnum in pairs({ ['[Section] Session State'] = 1, ['[Field] Complexity level'] = 6,
                            ['[File] src/middleware/rate_limit.py'] = 12, ['[Section] Key Decisions'] = 8 }) do
    check(outline[text] == lnum, string.format('document_symbol lists %q at line %d', text, lnum), vim.inspect(outline))
  end
  local decision = false
  for text in pairs(outline) do
    decision = decision or text:find('^%[Decision%] ') ~= nil
  end
  check(ok and decision, 'a Key Decisions item reads [Decision]', vim.inspect(outline))

  -- :ProgressLsInfo names the binary and the client's root.
  local info = table.concat(require('progress_ls').info(), '\n')
  check(info:find(server, 1, true) ~= nil and info:find('root ' .. root, 1, true) ~= nil,
    ':ProgressLsInfo shows the binary and the root', info)
  -- :ProgressLsRestart: the old client stops, a new one attaches to the buffer and answers.
  local old = client.id
  vim.cmd('ProgressLsRestart')
  ok = vim.wait(WAIT_MS, function()
    local c = first_client(bufnr)
    return c ~= nil and c.id ~= old and vim.lsp.get_client_by_id(old) == nil and c.initialized ~= false
  end, 20)
  if not check(ok, ':ProgressLsRestart stops the client and attaches a new one') then
    return
  end
  vim.api.nvim_buf_set_lines(bufnr, 17, 17, true, { '' })
  typed(18, 'Asess<C-x><C-o><C-y><Esc>')
  got = vim.api.nvim_buf_get_lines(bufnr, 17, 18, true)[1]
  check(got == 'src/auth/session.py', 'after the restart, "sess<C-x><C-o>" completes again', got)
  -- Neovim 0.11's vim.lsp.config reads lsp/progress_ls.lua from the runtime path.
  local files = vim.api.nvim_get_runtime_file('lsp/progress_ls.lua', false)
  local cfg = files[1] and dofile(files[1])
  check(cfg and cfg.cmd[1] == 'progress-ls' and cfg.filetypes[1] == 'progresstxt' and cfg.root_markers[1] == '.git',
    'lsp/progress_ls.lua on the runtime path gives cmd, filetypes and root_markers', vim.inspect(cfg))
  formatting(root)
end

local ok, err = xpcall(main, debug.traceback)
check(ok, 'the test ran to its end', err)
finish()
