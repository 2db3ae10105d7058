" progresstxt.vim — colours for progress.txt as the server's parser reads it: section headers (`=== Name ===`, also
" `===Name===`), field keys (plain, bulleted or bold), complexity levels in any case, the phase, bullets, status
" marks, paths, annotations, interface signatures and template placeholders.
if exists('b:current_syntax')
  finish
endif

syntax match progressHeader     /^\s*=\{3,}\s*[^= \t].\{-}\s*=\{3,}\s*$/
syntax match progressKey        /^\s*\([-*+•]\s\+\)\?\(\*\*\)\?\c\(Last completed\|Next task\|Blockers\|Current phase\|Complexity level\)\s*:\(\*\*\)\?/ contains=progressBullet
syntax match progressLevel      /\c\<\(trivial\|small\|medium\|large\|huge\)\>/ contained
syntax match progressLevelLine  /^\s*\([-*+•]\s\+\)\?\(\*\*\)\?\cComplexity level\s*:.*$/ contains=progressKey,progressLevel,progressPlaceholder
syntax match progressPhase      /\c\<\(phase\s\+\)\?\d\+\s*\(of\|\/\)\s*\d\+\>/ contained
syntax match progressPhaseLine  /^\s*\([-*+•]\s\+\)\?\(\*\*\)\?\cCurrent phase\s*:.*$/ contains=progressKey,progressPhase,progressPlaceholder
syntax match progressPlaceholder /\(^\|[ (:]\)\zs\[[^\]]*\a[^\]]*\]\ze\([^(]\|$\)/
syntax match progressAnnotation /\s\zs(.*)\s*$/
syntax match progressPath       /\(^\s*\([-*+•]\s\+\|\d\+[.)]\s\+\)\?\(\[[ xX\/~-]\]\s\+\)\?`\?\)\@<=[A-Za-z0-9_.\-]*\/[A-Za-z0-9_.\/\-]*/
syntax match progressSignature  /^\s*\([-*+•]\s\+\)\?`\?\(\(def\|fn\|func\|function\|interface\|type\|class\)\s\+\)\?\zs\h\w*\(\(\.\|::\)\h\w*\)*(/me=e-1
syntax match progressBullet     /^\s*\([-*+•]\|\d\+[.)]\)\s/
" Status marks, as the parser reads them: checkboxes and the emoji agents write.
syntax match progressDone       /\[[xX]\]\|✅\|✔\|✓\|☑\|🟢/
syntax match progressOpen       /\[ \]\|❌\|✗\|✘\|☐\|⬜\|🔲/
syntax match progressDoing      /\[[\/~]\]\|🚧\|⏳\|🔄\|🟡/
syntax match progressDropped    /\[-\]\|\~\~[^~]\+\~\~/

highlight default link progressHeader      Title
highlight default link progressKey         Identifier
highlight default link progressLevel       Constant
highlight default link progressPhase       Number
highlight default link progressPlaceholder Todo
highlight default link progressAnnotation  Comment
highlight default link progressPath        Underlined
highlight default link progressSignature   Function
highlight default link progressBullet      Delimiter
highlight default link progressDone        DiffAdd
highlight default link progressOpen        WarningMsg
highlight default link progressDoing       Special
highlight default link progressDropped     Comment

let b:current_syntax = 'progresstxt'
