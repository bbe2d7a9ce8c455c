// Word lists of the sample federation: chapters in Scandinavia, the rest of Europe and the US, with
// the names, languages and time zones people there have. Data only; the builder is sample.ts.

export interface SampleCountry {
  code: string;
  /** Language of the chapters there (BCP 47). */
  language: string;
  /** [city, IANA time zone] */
  cities: readonly (readonly [string, string])[];
  first: readonly string[];
  last: readonly string[];
  /** Organization names; `{city}` is replaced. */
  orgs: readonly string[];
  /** How many chapters out of 100 are here. */
  weight: number;
}

const zone = (tz: string, ...cities: string[]) => cities.map((c) => [c, tz] as const);

export const COUNTRIES: readonly SampleCountry[] = [
  {
    code: 'SE',
    language: 'sv',
    cities: zone('Europe/Stockholm', 'Stockholm', 'Göteborg', 'Malmö', 'Uppsala', 'Umeå', 'Lund'),
    first: ['Astrid', 'Erik', 'Linnea', 'Oskar', 'Maja', 'Johan', 'Elin', 'Anders', 'Sara'],
    last: ['Lindqvist', 'Andersson', 'Nyström', 'Bergström', 'Holm', 'Åberg', 'Sjöberg', 'Ek'],
    orgs: ['Deltagande samhälle {city}', 'Parecon {city}', 'Studiecirkeln i {city}'],
    weight: 12,
  },
  {
    code: 'NO',
    language: 'nb',
    cities: zone('Europe/Oslo', 'Oslo', 'Bergen', 'Trondheim', 'Tromsø', 'Stavanger'),
    first: ['Ingrid', 'Sindre', 'Kari', 'Håkon', 'Solveig', 'Eirik', 'Marit', 'Torbjørn'],
    last: ['Hansen', 'Johansen', 'Berg', 'Haugen', 'Solberg', 'Dahl', 'Lie', 'Strand'],
    orgs: ['Deltakende samfunn {city}', 'Rådsnettverket {city}', 'Parecon {city}'],
    weight: 8,
  },
  {
    code: 'DK',
    language: 'da',
    cities: zone('Europe/Copenhagen', 'København', 'Aarhus', 'Odense', 'Aalborg'),
    first: ['Mette', 'Søren', 'Freja', 'Mads', 'Ida', 'Rasmus', 'Signe'],
    last: ['Jensen', 'Nielsen', 'Pedersen', 'Kristensen', 'Møller', 'Thomsen'],
    orgs: ['Deltagende samfund {city}', 'Andelsnetværket {city}'],
    weight: 6,
  },
  {
    code: 'FI',
    language: 'fi',
    cities: zone('Europe/Helsinki', 'Helsinki', 'Tampere', 'Turku', 'Oulu'),
    first: ['Aino', 'Eero', 'Venla', 'Juha', 'Sanna', 'Mikko', 'Helmi'],
    last: ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Laine', 'Heikkinen'],
    orgs: ['Osallistava yhteiskunta {city}', 'Parecon {city}'],
    weight: 5,
  },
  {
    code: 'IS',
    language: 'is',
    cities: zone('Atlantic/Reykjavik', 'Reykjavík', 'Akureyri'),
    first: ['Guðrún', 'Sigurður', 'Katrín', 'Jón', 'Helga'],
    last: ['Jónsdóttir', 'Sigurðsson', 'Einarsdóttir', 'Magnússon'],
    orgs: ['Þátttökusamfélagið {city}'],
    weight: 2,
  },
  {
    code: 'DE',
    language: 'de',
    cities: zone('Europe/Berlin', 'Berlin', 'Leipzig', 'Hamburg', 'München', 'Köln', 'Freiburg'),
    first: ['Lena', 'Jonas', 'Mia', 'Lukas', 'Hannah', 'Felix', 'Anja', 'Matthias'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Krüger', 'Wagner'],
    orgs: ['Partizipative Gesellschaft {city}', 'Solidarische Ökonomie {city}', 'Räte {city}'],
    weight: 10,
  },
  {
    code: 'AT',
    language: 'de',
    cities: zone('Europe/Vienna', 'Wien', 'Graz', 'Linz'),
    first: ['Katharina', 'Florian', 'Theresa', 'Stefan'],
    last: ['Gruber', 'Huber', 'Bauer', 'Pichler'],
    orgs: ['Partizipative Gesellschaft {city}'],
    weight: 3,
  },
  {
    code: 'NL',
    language: 'nl',
    cities: zone('Europe/Amsterdam', 'Amsterdam', 'Utrecht', 'Rotterdam', 'Groningen'),
    first: ['Sanne', 'Daan', 'Femke', 'Joris', 'Lotte', 'Bram'],
    last: ['de Vries', 'Jansen', 'Bakker', 'Visser', 'van Dijk', 'Smit'],
    orgs: ['Participatieve Samenleving {city}', 'Parecon {city}'],
    weight: 5,
  },
  {
    code: 'FR',
    language: 'fr',
    cities: zone('Europe/Paris', 'Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Lille'),
    first: ['Camille', 'Léa', 'Hugo', 'Chloé', 'Mathieu', 'Inès', 'Antoine'],
    last: ['Martin', 'Bernard', 'Dubois', 'Moreau', 'Lefèvre', 'Girard', 'Roux'],
    orgs: ['Société participative {city}', 'Collectif Parecon {city}', 'Conseils de {city}'],
    weight: 7,
  },
  {
    code: 'ES',
    language: 'es',
    cities: zone('Europe/Madrid', 'Madrid', 'Barcelona', 'València', 'Sevilla', 'Bilbao'),
    first: ['Lucía', 'Javier', 'Carmen', 'Pablo', 'Marta', 'Alejandro', 'Nuria'],
    last: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Romero', 'Navarro'],
    orgs: ['Sociedad Participativa {city}', 'Red de Economía Participativa {city}'],
    weight: 7,
  },
  {
    code: 'IT',
    language: 'it',
    cities: zone('Europe/Rome', 'Roma', 'Milano', 'Bologna', 'Napoli', 'Torino'),
    first: ['Giulia', 'Marco', 'Chiara', 'Luca', 'Francesca', 'Matteo'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano'],
    orgs: ['Società Partecipativa {city}', 'Rete Parecon {city}'],
    weight: 5,
  },
  {
    code: 'PL',
    language: 'pl',
    cities: zone('Europe/Warsaw', 'Warszawa', 'Kraków', 'Gdańsk', 'Wrocław', 'Poznań'),
    first: ['Zofia', 'Jakub', 'Aleksandra', 'Piotr', 'Katarzyna', 'Tomasz'],
    last: ['Nowak', 'Kowalczyk', 'Wiśniewska', 'Wójcik', 'Kamińska', 'Lewandowski'],
    orgs: ['Społeczeństwo Partycypacyjne {city}', 'Parecon {city}'],
    weight: 4,
  },
  {
    code: 'PT',
    language: 'pt',
    cities: zone('Europe/Lisbon', 'Lisboa', 'Porto', 'Coimbra'),
    first: ['Inês', 'João', 'Beatriz', 'Tiago', 'Mariana'],
    last: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Costa'],
    orgs: ['Sociedade Participativa {city}'],
    weight: 2,
  },
  {
    code: 'GR',
    language: 'el',
    cities: zone('Europe/Athens', 'Αθήνα', 'Θεσσαλονίκη'),
    first: ['Ελένη', 'Γιώργος', 'Μαρία', 'Νίκος'],
    last: ['Παπαδοπούλου', 'Γεωργίου', 'Οικονόμου', 'Παππάς'],
    orgs: ['Συμμετοχική Κοινωνία {city}'],
    weight: 2,
  },
  {
    code: 'IE',
    language: 'en',
    cities: zone('Europe/Dublin', 'Dublin', 'Cork', 'Galway'),
    first: ['Aoife', 'Cian', 'Siobhán', 'Niamh', 'Seán'],
    last: ['Murphy', 'Kelly', "O'Brien", 'Walsh', 'Byrne'],
    orgs: ['{city} Participatory Society', '{city} Parecon Collective'],
    weight: 2,
  },
  {
    code: 'US',
    language: 'en',
    cities: [
      ...zone('America/Los_Angeles', 'Portland', 'Seattle', 'Oakland'),
      ...zone('America/Chicago', 'Minneapolis', 'Chicago', 'Austin'),
      ...zone('America/New_York', 'Boston', 'New York', 'Philadelphia', 'Detroit', 'Asheville'),
      ...zone('America/Denver', 'Albuquerque', 'Denver'),
    ],
    first: ['Maya', 'James', 'Aaliyah', 'Diego', 'Emily', 'Marcus', 'Priya', 'Rosa', 'Grace'],
    last: ['Johnson', 'Williams', 'Nguyen', 'Rodríguez', 'Kim', 'Okafor', 'Patel', 'Cohen'],
    orgs: [
      '{city} Participatory Society Chapter',
      '{city} Parecon Collective',
      'Solidarity {city}',
    ],
    weight: 20,
  },
];

/** What people speak and train on. */
export const TOPICS = [
  'participatory economics',
  'councils',
  'balanced job complexes',
  'participatory budgeting',
  'participatory planning',
  'remuneration',
  'housing co-ops',
  'climate',
  'feminism',
  'anti-racism',
  'unions',
  'media',
  'education',
  'facilitation',
] as const;

export const COUNCILS = [
  'Outreach council',
  'Education council',
  'Finance council',
  'Translation council',
  'Events council',
  'Solidarity council',
  'Membership council',
  'Communications council',
  'Research council',
  'Youth council',
] as const;

/** Originals of the material library, with their titles in the languages they are translated to. */
export const MATERIALS: readonly {
  title: string;
  tags: string[];
  translations: Record<string, string>;
}[] = [
  {
    title: 'Introduction to participatory economics',
    tags: ['participatory economics', 'introduction'],
    translations: {
      sv: 'Introduktion till deltagande ekonomi',
      de: 'Einführung in die partizipative Ökonomie',
      es: 'Introducción a la economía participativa',
      fr: "Introduction à l'économie participative",
    },
  },
  {
    title: 'What is a balanced job complex?',
    tags: ['balanced job complexes'],
    translations: {
      sv: 'Vad är ett balanserat arbetskomplex?',
      de: 'Was ist ein ausgewogener Arbeitskomplex?',
      es: '¿Qué es un complejo de trabajo equilibrado?',
    },
  },
  {
    title: 'Councils: a short guide',
    tags: ['councils', 'introduction'],
    translations: { sv: 'Råd: en kort guide', fr: 'Les conseils : un petit guide' },
  },
  {
    title: 'Participatory budgeting step by step',
    tags: ['participatory budgeting'],
    translations: {
      es: 'Presupuesto participativo paso a paso',
      de: 'Beteiligungshaushalt Schritt für Schritt',
    },
  },
  {
    title: 'How to start a chapter',
    tags: ['organizing', 'introduction'],
    translations: {
      sv: 'Så startar ni en lokalgrupp',
      nb: 'Slik starter dere et lokallag',
      es: 'Cómo empezar un grupo local',
    },
  },
  {
    title: 'Facilitation handbook',
    tags: ['facilitation'],
    translations: { de: 'Handbuch Moderation', fr: "Manuel d'animation" },
  },
  {
    title: 'Remuneration for effort and sacrifice',
    tags: ['remuneration'],
    translations: { sv: 'Ersättning efter ansträngning och uppoffring' },
  },
  {
    title: 'Participatory planning explained',
    tags: ['participatory planning'],
    translations: { it: 'La pianificazione partecipativa spiegata' },
  },
];

export const REQUEST_TITLES: Record<string, readonly string[]> = {
  'start-chapter': ['Help starting a chapter in {city}', 'A new group in {city} asks for a start'],
  workshop: ['Workshop on {topic} in {city}', 'Two-day workshop: {topic}'],
  seminar: ['Seminar on {topic} ({city})'],
  talk: ['Talk on {topic} at the library in {city}', 'Evening talk: {topic}'],
  forum: ['Open forum on {topic} in {city}'],
  material: ['Material on {topic} for new members'],
  translation: ['Translate the introduction for {city}'],
  advice: ['Advice on bylaws for the group in {city}', 'How to run our first assembly'],
  other: ['Speakers for a street festival in {city}'],
};

export const PROPOSAL_TITLES = [
  'Accept {org} as a member',
  'Fund travel for the workshop in {city}',
  'Hold the next regional meeting in {city}',
  'Adopt the translation guidelines',
  'Set the dues at one percent of income',
  'Publish the introduction in {language}',
  'Support the tenants’ campaign in {city}',
  'Review the mandate of the {council}',
] as const;

export const AGENDA_TITLES = [
  'Reports from the chapters',
  'Requests for help',
  'Money: balance and expenses',
  'Proposal: {proposal}',
  'Planning the next events',
  'Translations and material',
  'Any other business',
] as const;

export const MINUTES = [
  'The chapters reported on their work since the last meeting. {city} has grown and asks for speakers.',
  'We went through the open requests and agreed who follows up on each of them.',
  'The balance was presented; nobody had questions. Receipts are in the shared folder.',
  'Discussion went round twice. Concerns were noted; the proposal is sent to the chapters.',
  'Dates were set for the spring workshops. The events council books the venues.',
  'Two translations are outdated; volunteers will check them against the new version.',
] as const;

export const NOTES = [
  'Meets every second Tuesday.',
  'Strong on housing and tenants’ organizing.',
  'Asks for material in their own language.',
  'Looking for facilitators for the next assembly.',
  'Has a small library open to the public.',
] as const;

export const TASK_TITLES = [
  'Book the venue in {city}',
  'Send out the invitation',
  'Translate the flyer',
  'Collect the dues from {org}',
  'Write the report',
  'Prepare the agenda',
  'Answer the request from {city}',
  'Find a second speaker',
] as const;
