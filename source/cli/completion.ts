/**
Shell completions for bash, zsh and fish (`tidings completion zsh`), generated from the command table that `--help`
prints (command-table.ts walks the commander program). Each script carries the table (per command path: its
subcommands, its options, which options take a value) and one small walker that finds the command path in the words
typed so far, skipping option values; the root's options (`--dir`) count everywhere, as commander accepts them there.
*/
import type {Command} from 'commander';
import {allCommands, commandTable, type CommandSpec, type OptionSpec} from './command-table.js';

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

const key = (spec: CommandSpec) => spec.path.slice(1).join('/');

/** Single-quoted for sh, bash and zsh: 'it'\''s'. */
function quote(text: string): string {
	return `'${text.replaceAll("'", String.raw`'\''`)}'`;
}

/** fish quotes like sh but a backslash escapes inside single quotes too. */
function fishQuote(text: string): string {
	return `'${text.replaceAll('\\', '\\\\').replaceAll("'", String.raw`\'`)}'`;
}

const oneLine = (text: string) => text.replaceAll(/\s+/gu, ' ').trim();

function valued(table: CommandSpec, spec: CommandSpec): OptionSpec[] {
	const own = spec.options.filter(option => option.takesValue);
	return spec === table ? own : [...own, ...table.options.filter(option => option.takesValue)];
}

function options(table: CommandSpec, spec: CommandSpec): OptionSpec[] {
	return spec === table ? [...spec.options] : [...spec.options, ...table.options.filter(option => option.takesValue || option.flags.includes('--debug'))];
}

/** `case "$1" in …) printf '%s\n' words…;; esac`, one branch per command path. */
function caseTable(table: CommandSpec, words: (spec: CommandSpec) => readonly string[]): string {
	return allCommands(table)
		.map(spec => `\t\t${quote(key(spec))}) printf '%s\\n' ${words(spec).map(word => quote(word)).join(' ')} ;;`)
		.join('\n');
}

function bash(table: CommandSpec): string {
	const name = table.name;
	const directories = valued(table, table).concat(...allCommands(table).map(spec => spec.options)).filter(option => option.value === 'directory').flatMap(option => option.flags);
	const files = allCommands(table).filter(spec => spec.arguments.some(argument => /file/iu.test(argument.name))).map(spec => key(spec));
	return `# bash completion for ${name}, generated from its command table by \`${name} completion bash\`.
# Install: ${name} completion bash > ~/.local/share/bash-completion/completions/${name}
__${name}_commands() {
	case "$1" in
${caseTable(table, spec => spec.commands.flatMap(sub => [sub.name, ...sub.aliases]))}
	esac
}
__${name}_words() {
	case "$1" in
${caseTable(table, spec => [...spec.commands.flatMap(sub => [sub.name, ...sub.aliases]), ...spec.arguments.flatMap(argument => argument.choices)])}
	esac
}
__${name}_options() {
	case "$1" in
${caseTable(table, spec => options(table, spec).flatMap(option => option.flags))}
	esac
}
__${name}_valued() {
	case "$1" in
${caseTable(table, spec => valued(table, spec).flatMap(option => option.flags))}
	esac
}
_${name}() {
	local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" i word skip=0
	[ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
	for ((i = 1; i < COMP_CWORD; i++)); do
		word="\${COMP_WORDS[i]}"
		if [ "$skip" = 1 ]; then skip=0; continue; fi
		if __${name}_valued "$path" | grep -qxF -- "$word"; then skip=1; continue; fi
		if [[ "$word" != -* ]] && __${name}_commands "$path" | grep -qxF -- "$word"; then path="\${path:+$path/}$word"; fi
	done
	COMPREPLY=()
	if [ "$skip" = 1 ]; then
		case "$prev" in
			${directories.length > 0 ? directories.map(flag => quote(flag)).join('|') : "''"}) COMPREPLY=($(compgen -d -- "$cur")) ;;
		esac
		return 0
	fi
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "$(__${name}_options "$path")" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$(__${name}_words "$path")" -- "$cur"))
		case "$path" in
			${files.length > 0 ? files.map(file => quote(file)).join('|') : "''"}) COMPREPLY+=($(compgen -f -- "$cur")) ;;
		esac
	fi
	return 0
}
complete -F _${name} ${name}
`;
}

function zsh(table: CommandSpec): string {
	const name = table.name;
	const described = (entries: ReadonlyArray<{word: string; text: string}>) => entries.map(({word, text}) => quote(`${word.replaceAll(':', String.raw`\:`)}:${oneLine(text)}`)).join(' ');
	const branch = (spec: CommandSpec, body: string) => `\t\t${quote(key(spec))}) ${body} ;;`;
	const commands = allCommands(table).map(spec => branch(spec, `reply=(${described(spec.commands.flatMap(sub => [sub.name, ...sub.aliases].map(word => ({word, text: sub.summary}))))})`)).join('\n');
	const choices = allCommands(table).map(spec => branch(spec, `reply=(${described(spec.arguments.flatMap(argument => argument.choices.map(word => ({word, text: argument.description}))))})`)).join('\n');
	const optionWords = allCommands(table).map(spec => branch(spec, `reply=(${described(options(table, spec).flatMap(option => option.flags.map(word => ({word, text: option.description}))))})`)).join('\n');
	const valuedWords = allCommands(table).map(spec => branch(spec, `reply=(${valued(table, spec).flatMap(option => option.flags).map(word => quote(word)).join(' ')})`)).join('\n');
	const directories = allCommands(table).flatMap(spec => spec.options).filter(option => option.value === 'directory').flatMap(option => option.flags);
	const files = allCommands(table).filter(spec => spec.arguments.some(argument => /file/iu.test(argument.name))).map(spec => key(spec));
	return `#compdef ${name}
# zsh completion for ${name}, generated from its command table by \`${name} completion zsh\`.
# Install: ${name} completion zsh > "\${fpath[1]}/_${name}" (or any folder in $fpath), then restart zsh.
__${name}_commands() {
	case "$1" in
${commands}
		*) reply=() ;;
	esac
}
__${name}_choices() {
	case "$1" in
${choices}
		*) reply=() ;;
	esac
}
__${name}_options() {
	case "$1" in
${optionWords}
		*) reply=() ;;
	esac
}
__${name}_valued() {
	case "$1" in
${valuedWords}
		*) reply=() ;;
	esac
}
_${name}() {
	local path="" word skip=0 i
	local -a reply names
	for ((i = 2; i < CURRENT; i++)); do
		word="\${words[i]}"
		if (( skip )); then skip=0; continue; fi
		__${name}_valued "$path"
		if (( \${reply[(Ie)$word]} )); then skip=1; continue; fi
		__${name}_commands "$path"
		names=("\${(@)reply%%:*}")
		if [[ "$word" != -* ]] && (( \${names[(Ie)$word]} )); then path="\${path:+$path/}$word"; fi
	done
	if (( skip )); then
		case "\${words[CURRENT-1]}" in
			${directories.length > 0 ? directories.map(flag => quote(flag)).join('|') : "''"}) _files -/ ;;
		esac
		return
	fi
	if [[ "$PREFIX" == -* ]]; then
		__${name}_options "$path"
		_describe -t options option reply
	else
		__${name}_commands "$path"
		(( \${#reply} )) && _describe -t commands command reply
		__${name}_choices "$path"
		(( \${#reply} )) && _describe -t values value reply
		case "$path" in
			${files.length > 0 ? files.map(file => quote(file)).join('|') : "''"}) _files ;;
		esac
	fi
}
if [[ "$funcstack[1]" == "_${name}" ]]; then
	_${name} "$@"
else
	compdef _${name} ${name}
fi
`;
}

function fish(table: CommandSpec): string {
	const name = table.name;
	const lines = [
		`# fish completion for ${name}, generated from its command table by \`${name} completion fish\`.`,
		`# Install: ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
		`function __${name}_commands`,
		'\tswitch $argv[1]',
		...allCommands(table).flatMap(spec => [`\t\tcase ${fishQuote(key(spec))}`, `\t\t\tprintf '%s\\n' ${spec.commands.flatMap(sub => [sub.name, ...sub.aliases]).map(word => fishQuote(word)).join(' ')}`]),
		'\tend',
		'end',
		`function __${name}_valued`,
		'\tswitch $argv[1]',
		...allCommands(table).flatMap(spec => [`\t\tcase ${fishQuote(key(spec))}`, `\t\t\tprintf '%s\\n' ${valued(table, spec).flatMap(option => option.flags).map(word => fishQuote(word)).join(' ')}`]),
		'\tend',
		'end',
		`# The command path of the words typed so far ("" for ${name} itself, "view/add"…), skipping option values.`,
		`function __${name}_path`,
		'\tset -l path ""',
		'\tset -l skip 0',
		'\tfor word in (commandline -opc)[2..-1]',
		'\t\tif test $skip = 1',
		'\t\t\tset skip 0',
		'\t\t\tcontinue',
		'\t\tend',
		`\t\tif contains -- $word (__${name}_valued "$path")`,
		'\t\t\tset skip 1',
		'\t\t\tcontinue',
		'\t\tend',
		`\t\tif not string match -q -- '-*' $word; and contains -- $word (__${name}_commands "$path")`,
		'\t\t\tif test -z "$path"',
		'\t\t\t\tset path $word',
		'\t\t\telse',
		'\t\t\t\tset path "$path/$word"',
		'\t\t\tend',
		'\t\tend',
		'\tend',
		'\techo $path',
		'end',
		`complete -c ${name} -f`,
	];
	for (const spec of allCommands(table)) {
		const condition = `-n ${fishQuote(`test (__${name}_path) = ${fishQuote(key(spec))}`)}`;
		for (const sub of spec.commands) {
			for (const word of [sub.name, ...sub.aliases]) {
				lines.push(`complete -c ${name} ${condition} -a ${fishQuote(word)} -d ${fishQuote(oneLine(sub.summary))}`);
			}
		}

		for (const option of spec.options) {
			const flags = option.flags.map(flag => (flag.startsWith('--') ? `-l ${fishQuote(flag.slice(2))}` : `-s ${fishQuote(flag.slice(1))}`)).join(' ');
			const value = option.takesValue ? (option.value === 'directory' ? " -r -a '(__fish_complete_directories)'" : (option.value === 'file' ? ' -r -F' : ' -x')) : '';
			// The root's --dir and --debug are accepted after any command too, as commander allows; --version is not.
			const global = spec === table && (option.takesValue || option.flags.includes('--debug'));
			const where = global ? '' : `${condition} `;
			lines.push(`complete -c ${name} ${where}${flags}${value} -d ${fishQuote(oneLine(option.description))}`);
		}

		for (const argument of spec.arguments) {
			for (const choice of argument.choices) {
				lines.push(`complete -c ${name} ${condition} -a ${fishQuote(choice)} -d ${fishQuote(oneLine(argument.description))}`);
			}
		}

		if (spec.arguments.some(argument => /file/iu.test(argument.name))) {
			lines.push(`complete -c ${name} ${condition} -F`);
		}
	}

	return lines.join('\n') + '\n';
}

export function completionScript(program: Command, shell: Shell): string {
	const table = commandTable(program);
	switch (shell) {
		case 'bash': {
			return bash(table);
		}

		case 'zsh': {
			return zsh(table);
		}

		case 'fish': {
			return fish(table);
		}
	}
}
