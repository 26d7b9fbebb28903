import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'bench/output/**', 'coverage/**', '.tidings-tmp/**']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {globals: {...globals.node}},
		rules: {
			'no-control-regex': 'off',
			'no-empty': ['error', {allowEmptyCatch: true}],
			'@typescript-eslint/no-non-null-assertion': 'off',
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
			'@typescript-eslint/consistent-type-imports': 'error',
			eqeqeq: ['error', 'always'],
			'prefer-const': 'error',
		},
	},
	{
		// The pure core knows nothing of Ink, React, conf, the file system or the network (design.md).
		files: ['source/core/**'],
		rules: {
			'no-restricted-imports': ['error', {paths: ['ink', 'react', 'conf', 'node:fs', 'fs', 'node:http', 'node:https', 'node:child_process', 'node:fs/promises'].map(name => ({name, message: 'source/core is pure: do I/O in source/adapters'}))}],
		},
	},
	{
		files: ['source/app/**'],
		rules: {
			'no-restricted-imports': ['error', {paths: ['ink', 'react'].map(name => ({name, message: 'source/app is Ink-free: views live in source/ui'}))}],
		},
	},
);
