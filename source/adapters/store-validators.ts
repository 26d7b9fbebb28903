/**
The store's per-key validators compiled ahead of time (issue 14: compiling them with Ajv took ~14 ms of every start).
Here, in the source (tests, development under tsx), there are none and the store compiles each with Ajv on first use;
the build (scripts/store-validators.mjs) loads this module as Ajv's standalone code for every top-level key of
`storeSchema`, generated from that schema by Ajv itself, so the two can never say different things
(test/store/store-validators.test.ts compares them on valid and damaged values).
*/
import type {ValidateFunction} from 'ajv';

export const precompiled: Readonly<Record<string, ValidateFunction>> = {};
