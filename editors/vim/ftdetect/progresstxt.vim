" progresstxt.vim — the progress files are `progresstxt`, not Vim's own `text` (which *.txt would give them).
autocmd BufNewFile,BufRead progress.txt,*-progress.txt,*_progress.txt,*.progress.txt set filetype=progresstxt
