/** `tidings sync status`: the devices that share this library's reading state, and anything not merged (issue 20). */
import type {Command} from 'commander';
import type {StateStore} from '../adapters/state-store.js';
import {sharedStateStatus} from '../adapters/sync/device-sync.js';
import {neutraliseLine} from '../core/text/neutralise.js';

export type SyncCommandContext = {
	libraryDir(): string;
	openStore(): StateStore;
	stdout: {write(text: string): unknown};
};

const when = (date: Date | undefined) => (date === undefined ? 'no change yet' : date.toISOString().replace(/\.\d+Z$/u, 'Z'));

export function registerSyncCommands(program: Command, context: SyncCommandContext): void {
	const sync = program
		.command('sync')
		.description('the reading state shared through the library folder (Syncthing, Dropbox, git…)');
	sync
		.command('status')
		.description('the devices seen in the library, their last change, and anything not merged (damaged files, conflict copies)')
		.option('--json', 'print JSON instead of text')
		.action((options: {json?: boolean}) => {
			const libraryDir = context.libraryDir();
			// Merged first (the store opened for a command merges), so the status is what this device now shows.
			const store = context.openStore();
			const status = sharedStateStatus(store, libraryDir);
			if (options.json) {
				context.stdout.write(`${JSON.stringify({
					device: status.device,
					folder: status.folder,
					devices: status.devices.map(device => ({...device, lastChange: device.lastChange?.toISOString() ?? null})),
					unmerged: status.unmerged,
					pendingConflicts: status.pendingConflicts,
					articleConflicts: status.articleConflicts,
				}, undefined, 2)}\n`);
				return;
			}

			const lines = [`This device: ${status.device}`, `Shared state: ${neutraliseLine(status.folder)}`];
			lines.push(status.devices.length === 0 ? 'Devices: none yet' : `Devices (${status.devices.length}):`);
			for (const device of status.devices) {
				lines.push(`  ${device.device}${device.own ? ' (this device)' : ''}  last change ${when(device.lastChange)}  ${device.entries} entries`);
			}

			if (status.unmerged.length === 0 && status.pendingConflicts.length === 0) {
				lines.push('Unmerged: nothing');
			} else {
				lines.push('Unmerged:');
				for (const item of status.unmerged) {
					lines.push(`  ${neutraliseLine(item.file)}: ${neutraliseLine(item.reason)}`);
				}

				for (const name of status.pendingConflicts) {
					lines.push(`  ${neutraliseLine(name)}: a conflict copy of this device's file, merged and removed at the next merge`);
				}
			}

			if (status.articleConflicts.length > 0) {
				lines.push(`Conflict copies of articles (hidden from the list; the original is shown) (${status.articleConflicts.length}):`);
				for (const item of status.articleConflicts) {
					lines.push(`  ${neutraliseLine(item.file)} → ${neutraliseLine(item.original)}${item.identical ? ' (identical: safe to delete)' : ''}`);
				}
			}

			context.stdout.write(`${lines.join('\n')}\n`);
		});
}
