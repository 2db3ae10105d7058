-- lsp/progress_ls.lua — the progress-ls configuration for Neovim 0.11+'s vim.lsp.config / vim.lsp.enable:
--   vim.lsp.enable('progress_ls')                              -- with this folder on the runtimepath
--   vim.lsp.config('progress_ls', { settings = { progressLs = { maxLines = 200 } } })   -- optional
return require('progress_ls').lsp_config()
