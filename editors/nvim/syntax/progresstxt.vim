" progresstxt.vim — colours for progress.txt: section headers, field keys, complexity levels, the phase, paths,
" annotations, interface signatures and template placeholders.
if exists('b:current_syntax')
  finish
endif

syntax match progressHeader     /^=== .* ===\s*$/
syntax match progressKey        /^\(Last completed\|Next task\|Blockers\|Current phase\|Complexity level\):/
syntax match progressLevel      /\<\(Trivial\|Small\|Medium\|Large\|Huge\)\>/ contained
syntax match progressLevelLine  /^Complexity level:.*$/ contains=progressKey,progressLevel,progressPlaceholder
syntax match progressPhase      /\<\d\+ of \d\+\>/ contained
syntax match progressPhaseLine  /^Current phase:.*$/ contains=progressKey,progressPhase,progressPlaceholder
syntax match progressPlaceholder /\[[^\]]*\]/
syntax match progressAnnotation /\s\zs(.*)\s*$/
syntax match progressPath       /^\(- \)\?\zs[A-Za-z0-9_.\-]*\/[A-Za-z0-9_.\/\-]*/
syntax match progressSignature  /^\(- \)\?\zs\h\w*\(\.\h\w*\)*(/me=e-1
syntax match progressBullet     /^- /

highlight default link progressHeader      Title
highlight default link progressKey         Identifier
highlight default link progressLevel       Constant
highlight default link progressPhase       Number
highlight default link progressPlaceholder Todo
highlight default link progressAnnotation  Comment
highlight default link progressPath        Underlined
highlight default link progressSignature   Function
highlight default link progressBullet      Delimiter

let b:current_syntax = 'progresstxt'
