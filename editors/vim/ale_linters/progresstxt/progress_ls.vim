" progress_ls.vim — progress-ls, the language server of the progress files, as an ALE linter: diagnostics,
" completion, hover, go to definition, references, rename and code actions through ALE's LSP client.

call ale#Set('progresstxt_progress_ls_executable', 'progress-ls')
call ale#Set('progresstxt_progress_ls_config', {})

" The workspace: the nearest folder above the file that holds .git, else the file's own folder.
function! ale_linters#progresstxt#progress_ls#GetProjectRoot(buffer) abort
    let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')

    return !empty(l:git) ? fnamemodify(l:git, ':h:h') : expand('#' . a:buffer . ':p:h')
endfunction

call ale#linter#Define('progresstxt', {
\   'name': 'progress_ls',
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'progresstxt_progress_ls_executable')},
\   'command': '%e',
\   'language': 'progresstxt',
\   'project_root': function('ale_linters#progresstxt#progress_ls#GetProjectRoot'),
\   'initialization_options': {b -> ale#Var(b, 'progresstxt_progress_ls_config')},
\   'lsp_config': {b -> {'progressLs': ale#Var(b, 'progresstxt_progress_ls_config')}},
\})
