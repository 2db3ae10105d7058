// tests/bench/peers/twins.mjs — generates a long progress.txt and its Markdown and YAML twins, line for line.
//
// Every line of the progress.txt maps to the line with the same number in each twin, so one edit script
// (append to line L, then take it back) applies to all three, and every server returns one symbol per
// header and one per non-blank line below it: a `## ` heading per section and a `### ` heading per item
// in Markdown, a mapping key per section and a list item per line in YAML.

const SECTIONS = [
    'Key Decisions',
    'Files Modified',
    'Files To Modify',
    'Interfaces Defined',
    'Known Issues',
    'Notes',
];

const FIELDS = [
    'Last completed: Token generation service with full test coverage',
    'Next task: Session management implementation',
    'Blockers: None',
    'Current phase: 2 of 4 (Implementation)',
    'Complexity level: Medium',
];

function item(section, i) {
    switch (section) {
    case 'Key Decisions': return `- Decision ${i} keeps the loop single-threaded (reason: one owner per buffer)`;
    case 'Files Modified': return `src/module${i % 40}/file${i}.c`;
    case 'Files To Modify': return `src/pending${i % 40}/todo${i}.c (create)`;
    case 'Interfaces Defined': return `parse_part${i}(const char *text, size_t len) -> int`;
    case 'Known Issues': return `- Issue ${i} shows up when the widget runs under load`;
    default: return `- Note ${i} about the build and the release process`;
    }
}

// The progress.txt as an array of lines, `total` lines long.
export function progressLines(total) {
    const lines = ['=== Session State ===', ...FIELDS, ''];
    const headersAndBlanks = SECTIONS.length * 2 - 1;
    const items = total - lines.length - headersAndBlanks;
    let n = 0;
    SECTIONS.forEach((section, s) => {
        lines.push(`=== ${section} ===`);
        const count = Math.floor(items / SECTIONS.length) + (s < items % SECTIONS.length ? 1 : 0);
        for (let i = 0; i < count; i++) lines.push(item(section, n++));
        if (s < SECTIONS.length - 1) lines.push('');
    });
    return lines;
}

function headerName(line) {
    const m = /^===\s*(.*?)\s*===$/.exec(line);
    return m ? m[1] : null;
}

// The Markdown twin: `## Name` for a header, `### text` for any other non-blank line.
export function markdownLines(lines) {
    return lines.map((line) => {
        const name = headerName(line);
        if (name !== null) return `## ${name}`;
        return line === '' ? '' : `### ${line.replace(/^- /, '')}`;
    });
}

// A YAML scalar for `text`: plain when YAML reads it back unchanged, single-quoted otherwise.
function yamlScalar(text) {
    const plainOk = !/: |\s#|^[-?:,[\]{}#&*!|>'"%@`]/.test(text) && !text.endsWith(':');
    return plainOk ? text : `'${text.replace(/'/g, "''")}'`;
}

// The YAML twin: `Name:` for a header, `  - text` for any other non-blank line.
export function yamlLines(lines) {
    return lines.map((line) => {
        const name = headerName(line);
        if (name !== null) return `${name}:`;
        return line === '' ? '' : `  - ${yamlScalar(line.replace(/^- /, ''))}`;
    });
}

// The line numbers the edit script touches: items spread over the whole document.
export function editLines(lines, count) {
    const items = [];
    lines.forEach((line, i) => {
        if (line !== '' && headerName(line) === null && !line.includes(': ')) items.push(i);
    });
    const step = Math.max(1, Math.floor(items.length / count));
    const out = [];
    for (let i = 0; i < items.length && out.length < count; i += step) out.push(items[i]);
    return out;
}
