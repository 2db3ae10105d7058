-- plugin/progress_ls.lua — the user commands, defined whether the server is started by setup() or vim.lsp.enable.
if vim.g.loaded_progress_ls then
  return
end
vim.g.loaded_progress_ls = true

vim.api.nvim_create_user_command('ProgressLsRestart', function()
  require('progress_ls').restart()
end, { desc = 'Restart the progress-ls language server and re-attach its buffers' })

vim.api.nvim_create_user_command('ProgressLsInfo', function()
  require('progress_ls').info()
end, { desc = 'Show the progress-ls clients, their roots, buffers and the server binary' })
