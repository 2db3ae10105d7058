" progresstxt.vim — buffer settings for progress files: ALE's completion on <C-x><C-o>, paths as one word.
if exists('b:did_ftplugin')
    finish
endif
let b:did_ftplugin = 1

setlocal omnifunc=ale#completion#OmniFunc
setlocal iskeyword+=/,.,-
let b:undo_ftplugin = 'setlocal omnifunc< iskeyword<'
