// Word lists for the generated corpus. Plain lowercase ASCII, so Markdown, YAML and XML need no escaping inside a
// word, and a run of words on screen can be matched back to the article it came from.

export const places = [
	'Harbour', 'Northfield', 'Riverside', 'Eastgate', 'Westmoor', 'Kingsbridge', 'Ashford', 'Millbrook', 'Stonehaven', 'Fairport',
	'Lakeside', 'Oakridge', 'Brightwater', 'Redcliff', 'Greenvale', 'Highmoor', 'Southport', 'Elmstead', 'Coldwater', 'Marsden',
] as const;

export const papers = [
	'Gazette', 'Courier', 'Herald', 'Chronicle', 'Observer', 'Review', 'Dispatch', 'Ledger', 'Post', 'Journal',
	'Tribune', 'Sentinel', 'Record', 'Times', 'Bulletin', 'Digest', 'Monitor', 'Weekly', 'Report', 'Register',
] as const;

export const subjects = [
	'Council', 'Regulators', 'Engineers', 'Researchers', 'Farmers', 'Teachers', 'Doctors', 'Investors', 'Residents', 'Scientists',
	'Ministers', 'Volunteers', 'Developers', 'Shipbuilders', 'Economists', 'Librarians', 'Nurses', 'Pilots', 'Fishermen', 'Architects',
	'Astronomers', 'Historians', 'Students', 'Unions', 'Retailers', 'Bakers', 'Judges', 'Firefighters', 'Brewers', 'Archivists',
	'Geologists', 'Beekeepers', 'Carpenters', 'Cyclists', 'Gardeners', 'Mayors', 'Surveyors', 'Translators', 'Vintners', 'Weavers',
	'Startups', 'Hospitals', 'Airlines', 'Museums', 'Orchestras', 'Railways', 'Universities', 'Banks', 'Ports', 'Observatories',
	'City planners', 'Local growers', 'Night workers', 'Small towns', 'Coastal villages', 'Rural schools', 'Open source maintainers',
	'Data centres', 'Wind farms', 'Water boards',
] as const;

export const verbs = [
	'approve', 'reject', 'debate', 'rethink', 'delay', 'launch', 'test', 'measure', 'question', 'embrace',
	'abandon', 'rebuild', 'map', 'fund', 'study', 'restore', 'redesign', 'defend', 'cut', 'expand',
	'share', 'track', 'simplify', 'challenge', 'revive', 'publish', 'audit', 'pause', 'finance', 'welcome',
	'document', 'replace', 'automate', 'survey', 'protect', 'trial', 'reopen', 'modernise', 'catalogue', 'chart',
] as const;

export const objects = [
	'tidal barrier', 'night trains', 'rooftop gardens', 'school meals', 'river crossings', 'heat pumps', 'library hours',
	'bus lanes', 'seed banks', 'flood defences', 'fishing quotas', 'ferry routes', 'solar roofs', 'reading rooms',
	'water meters', 'cycle paths', 'street lighting', 'market stalls', 'housing plans', 'clinic rotas', 'tram lines',
	'old bridges', 'coastal paths', 'wind turbines', 'public archives', 'food labels', 'noise limits', 'parking rules',
	'postal routes', 'harbour walls', 'grain stores', 'bird surveys', 'bike shares', 'tax forms', 'open data',
	'dark skies', 'quiet zones', 'repair cafes', 'tree planting', 'battery storage', 'cold chains', 'canal locks',
	'lighthouse keepers', 'apprenticeships', 'festival budgets', 'speed limits', 'ticket prices', 'water quality',
	'air filters', 'hedgerows', 'sea walls', 'train timetables', 'museum loans', 'broadband', 'compost schemes',
	'rent caps', 'school runs', 'dock cranes', 'peat bogs', 'village halls',
] as const;

export const tails = [
	'after a long debate', 'ahead of winter', 'despite objections', 'for the first time', 'in a close vote',
	'as costs rise', 'after complaints', 'with new funding', 'amid delays', 'before the summer',
	'under pressure', 'in a surprise move', 'after ten years', 'as demand grows', 'with mixed results',
	'following a review', 'in record time', 'at last', 'once again', 'this week',
	'as storms approach', 'with local support', 'after a trial', 'to mixed reactions', 'behind closed doors',
] as const;

export const words = [
	'the', 'a', 'of', 'and', 'to', 'in', 'for', 'on', 'with', 'at', 'by', 'from', 'about', 'over', 'after', 'before',
	'between', 'under', 'through', 'during', 'while', 'because', 'although', 'since', 'until', 'again', 'still',
	'report', 'plan', 'city', 'river', 'harbour', 'market', 'school', 'station', 'bridge', 'council', 'budget', 'vote',
	'project', 'village', 'coast', 'island', 'valley', 'winter', 'summer', 'morning', 'evening', 'season', 'year', 'week',
	'people', 'residents', 'officials', 'engineers', 'workers', 'farmers', 'visitors', 'students', 'families', 'owners',
	'said', 'says', 'added', 'argued', 'noted', 'warned', 'agreed', 'explained', 'suggested', 'confirmed', 'expected',
	'build', 'open', 'close', 'move', 'change', 'improve', 'reduce', 'increase', 'support', 'oppose', 'measure', 'repair',
	'new', 'old', 'small', 'large', 'local', 'regional', 'national', 'public', 'private', 'early', 'late', 'quiet', 'busy',
	'water', 'energy', 'housing', 'transport', 'weather', 'tide', 'storm', 'rain', 'wind', 'light', 'noise', 'traffic',
	'cost', 'price', 'rent', 'wage', 'fund', 'grant', 'loan', 'tax', 'fee', 'bill', 'levy', 'payment', 'saving',
	'data', 'survey', 'study', 'figures', 'numbers', 'results', 'evidence', 'records', 'archive', 'sample', 'trend',
	'clearly', 'slowly', 'quickly', 'mostly', 'rarely', 'often', 'nearly', 'largely', 'partly', 'simply', 'finally',
	'that', 'which', 'who', 'where', 'when', 'how', 'why', 'this', 'these', 'those', 'their', 'its', 'our', 'more', 'most',
	'is', 'was', 'are', 'were', 'has', 'had', 'will', 'would', 'could', 'should', 'may', 'might', 'can', 'must',
	'boat', 'ferry', 'train', 'bus', 'road', 'path', 'lane', 'street', 'square', 'park', 'garden', 'field', 'farm',
	'hospital', 'clinic', 'library', 'museum', 'theatre', 'hall', 'office', 'factory', 'workshop', 'warehouse', 'dock',
	'committee', 'board', 'panel', 'group', 'union', 'company', 'charity', 'society', 'network', 'team', 'crew',
	'first', 'second', 'third', 'last', 'next', 'final', 'whole', 'entire', 'several', 'many', 'few', 'some', 'every',
	'green', 'grey', 'blue', 'bright', 'dark', 'cold', 'warm', 'wet', 'dry', 'steep', 'narrow', 'wide', 'long', 'short',
	'question', 'answer', 'problem', 'solution', 'decision', 'proposal', 'complaint', 'request', 'promise', 'warning',
] as const;

export const codeLines = [
	'const feed = await fetch(url, {signal});',
	'for (const item of items) {',
	'  total += item.size;',
	'}',
	'if (response.status !== 200) return;',
	'let count = 0;',
	'export function parse(input) {',
	'  return input.split("\\n").map(line => line.trim());',
	'def measure(samples):',
	'    return sorted(samples)[len(samples) // 2]',
	'SELECT title, date FROM items WHERE read = 0;',
	'curl --silent http://127.0.0.1:8080/feed.xml',
	'git log --oneline | head -n 20',
	'fn main() { println!("tides"); }',
	'while (queue.length > 0) queue.shift()();',
] as const;
