" progresstxt.vim — detects the progress-file names (progress.txt, claude-progress.txt, *-progress.txt,
" *_progress.txt, *.progress.txt) as filetype progresstxt.
" `set filetype=` rather than `setfiletype`: Neovim's own rules already called the file `text`, and this must win.
autocmd BufNewFile,BufRead progress.txt,*-progress.txt,*_progress.txt,*.progress.txt set filetype=progresstxt
