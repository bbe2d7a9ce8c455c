import type { Catalog } from './catalog';

export const sv: Catalog = {
  app: {
    name: 'Federation Planner',
    welcome: 'Välkommen till Federation Planner',
    tagline:
      'Federation Planner hjälper en regional federation av gräsrotsorganisationer att planera sitt gemensamma arbete: medlemsorganisationer, förfrågningar om hjälp, evenemang, pengar och beslut.',
    offlineNote:
      'Allt finns först på den här enheten och fungerar utan nät; det synkas med de andra via ett relä när du är uppkopplad.',
    skip: 'Hoppa till innehållet',
    loading: 'Öppnar…',
    startFailed:
      'Appen kunde inte öppna sin lagring på den här enheten: {{reason}}. Ladda om sidan; om det händer igen, kontrollera att webbläsaren tillåter lagring för webbplatser.',
  },
  nav: {
    home: 'Översikt',
    federations: 'Federationer',
    organizations: 'Organisationer',
    invite: 'Bjud in',
    federationSettings: 'Federation',
    settings: 'Inställningar',
    back: 'Tillbaka',
    main: 'Huvudmeny',
  },
  home: {
    title: 'Dina federationer',
    empty: 'Den här enheten har ingen federation än.',
    create: 'Skapa en federation',
    join: 'Gå med via en inbjudningslänk',
    open: 'Öppna {{name}}',
    unnamed: 'Federation (inte synkad än)',
  },
  federation: {
    createTitle: 'Skapa en federation',
    settingsTitle: 'Federationens inställningar',
    name: 'Namn',
    region: 'Region',
    regionHint: 'Till exempel ”Skandinavien” eller ”Pacific Northwest”.',
    baseCurrency: 'Basvaluta',
    baseCurrencyHint: 'ISO 4217-kod, t.ex. SEK, EUR, USD.',
    languages: 'Språk',
    languagesHint: 'Språkkoder åtskilda med komma, t.ex. sv, en.',
    create: 'Skapa',
    save: 'Spara',
    saved: 'Sparat.',
    waiting:
      'Den här federationen har inte synkats till enheten än. Den visas så snart enheten når reläet.',
    overview: 'Översikt',
    organizationsByStage: 'Organisationer per fas',
    organizationsCount_one: '{{count}} organisation',
    organizationsCount_other: '{{count}} organisationer',
    readOnly:
      'Den här federationen ändrades senast av en nyare version av Federation Planner. Du kan läsa den men inte ändra den förrän du uppdaterat appen (ladda om sidan när du är uppkopplad).',
    notOnDevice:
      'Den här enheten har inte gått med i federationen. Öppna en inbjudningslänk för att gå med.',
  },
  join: {
    title: 'Gå med i en federation',
    pasteLabel: 'Inbjudningslänk',
    pasteHint: 'Klistra in länken du fick, eller öppna den på den här enheten.',
    check: 'Kontrollera länken',
    confirm: 'Gå med i {{name}}',
    confirmUnnamed: 'Gå med i den här federationen',
    relay: 'Relä: {{relay}}',
    already: 'Den här enheten är redan med i federationen.',
    openIt: 'Öppna den',
  },
  invite: {
    notALink:
      'Det här är ingen länk. Kopiera hela inbjudningslänken, som börjar med https://, och försök igen.',
    notAnInvite:
      'Länken är ingen inbjudan till Federation Planner. Be avsändaren om en ny inbjudningslänk.',
    badFederation:
      'Inbjudningslänken är skadad: dess federations-id är ogiltigt. Be om en ny inbjudningslänk.',
    badToken:
      'Inbjudningslänken är skadad: hemligheten saknas eller är avkortad. Be om en ny inbjudningslänk.',
    badRelay: 'Inbjudningslänken anger ingen giltig reläadress. Be om en ny inbjudningslänk.',
    newerVersion:
      'Inbjudan gjordes med en nyare version av Federation Planner. Uppdatera appen (ladda om när du är uppkopplad) och öppna länken igen.',
    title: 'Bjud in personer',
    explain:
      'Alla som har den här länken kan läsa och ändra federationen. Skicka den bara till personer du litar på, via en privat kanal.',
    link: 'Inbjudningslänk',
    copy: 'Kopiera länken',
    copied: 'Kopierad.',
    share: 'Dela…',
    qr: 'QR-kod för inbjudningslänken',
    observerOnly:
      'Den här enheten har en inbjudan som bara ger läsrätt och kan inte bjuda in andra.',
  },
  organization: {
    listTitle: 'Organisationer',
    add: 'Lägg till organisation',
    addTitle: 'Ny organisation',
    editTitle: 'Redigera organisation',
    search: 'Sök organisationer',
    showRemoved: 'Visa borttagna',
    none: 'Inga organisationer än.',
    noMatch: 'Ingen organisation matchar.',
    name: 'Namn',
    country: 'Land',
    countryHint: 'Två bokstäver, t.ex. SE.',
    city: 'Ort',
    stage: 'Fas',
    contactName: 'Kontaktperson',
    contactEmail: 'Kontaktens e-post',
    website: 'Webbplats',
    languages: 'Språk',
    languagesHint: 'Språkkoder åtskilda med komma, t.ex. sv, en.',
    notes: 'Anteckningar',
    memberSince: 'Medlem sedan',
    save: 'Spara',
    saved: 'Sparat.',
    remove: 'Ta bort',
    restore: 'Återställ',
    removed: 'Borttagen {{when}}',
    removedNote:
      'Den här organisationen är borttagen. Återställ den för att få tillbaka den i listorna.',
    undoRemove: 'Ångra',
    removedToast: '{{name}} togs bort.',
    notFound:
      'Den här organisationen finns inte på enheten (än). Den kan dyka upp efter nästa synk.',
    stages: {
      forming: 'Bildas',
      new: 'Ny',
      growing: 'Växer',
      established: 'Etablerad',
    },
  },
  sync: {
    offline: 'Frånkopplad',
    connecting: 'Ansluter…',
    synced: 'Synkad',
    refused: 'Nekad av reläet',
    lastSynced: 'Senast synkad {{when}}',
    neverSynced: 'Inte synkad än',
    status: 'Synkstatus',
    retry: 'Försök igen',
    refusedWrongToken:
      'Reläet godtar inte den här enhetens inbjudan till federationen. Be en medlem om en ny inbjudningslänk. Dina data på enheten finns kvar.',
    refusedRevoked:
      'Inbjudan har återkallats. Be en medlem om en ny inbjudningslänk. Dina data på enheten finns kvar.',
    refusedOther: 'Reläet nekade federationen ({{reason}}). Dina data på enheten finns kvar.',
  },
  settings: {
    title: 'Inställningar',
    yourName: 'Ditt namn',
    yourNameHint: 'Visas för andra bredvid det du lägger till eller ändrar.',
    language: 'Språk',
    save: 'Spara',
    saved: 'Sparat.',
    deviceId: 'Ditt person-id på den här enheten: {{id}}',
  },
  error: {
    required: 'Obligatoriskt.',
    tooLong: 'För långt.',
    currency: 'Ingen känd ISO 4217-valutakod.',
    language: 'Använd språkkoder som sv, en eller pt-BR.',
    country: 'Använd en landskod med två bokstäver, t.ex. SE.',
    email: 'Ingen e-postadress.',
    url: 'Ange en fullständig webbadress som börjar med https://.',
    date: 'Inget giltigt datum.',
    notFound: 'Finns inte på den här enheten.',
    readOnlyNewerVersion:
      'Federationen ändrades av en nyare version av appen; uppdatera innan du redigerar.',
    saveFailed: 'Kunde inte spara: {{reason}}. Det du skrev finns kvar; försök igen.',
  },
  update: {
    available: 'En ny version av Federation Planner är klar.',
    apply: 'Uppdatera nu',
  },
  language: {
    en: 'English',
    sv: 'Svenska',
  },
};
