" progresstxt.vim — buffer options for progress.txt files: no comment leader, folds from the language server's
" sections are left to the user (set foldmethod=expr with vim.lsp.foldexpr() on Neovim 0.11+).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1
setlocal commentstring= comments= formatoptions-=t textwidth=0
let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< textwidth<'
