import {
  type Conversation,
  type ConversationItem,
  type ConversationSummary,
  type Interaction,
  type PostRef,
  REACTION_KINDS,
} from './types.ts';

export function toConversationItem(interaction: Interaction): ConversationItem {
  return {
    id: interaction.id,
    kind: interaction.kind,
    origin: interaction.origin,
    parent: interaction.parentId,
    author: interaction.author,
    content: interaction.content,
    url: interaction.url,
    published: interaction.published,
    updated: interaction.updated,
    children: [],
  };
}

/** Who a person is across channels: their website when they gave one, else their name. */
export function personKey(interaction: Pick<Interaction, 'author'>): string {
  const url = interaction.author.url;
  if (url && URL.canParse(url)) {
    const parsed = new URL(url);
    return `url:${parsed.host.replace(/^www\./, '')}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
  }
  return `name:${interaction.author.name.trim().toLowerCase()}`;
}

function latest(a: string | null, b: string): string {
  return a === null || b > a ? b : a;
}

export function summarize(interactions: Interaction[]): ConversationSummary {
  const people = new Set<string>();
  let replies = 0;
  let reactions = 0;
  let lastActivity: string | null = null;
  for (const interaction of interactions) {
    if (!interaction.author.isOwner) people.add(personKey(interaction));
    if (REACTION_KINDS.includes(interaction.kind)) reactions += 1;
    else replies += 1;
    lastActivity = latest(lastActivity, interaction.updated ?? interaction.published);
  }
  return { people: people.size, replies, reactions, lastActivity };
}

/**
 * Threads a post's published interactions: replies under their parent, oldest first at every
 * level, reactions apart. An item whose parent is not among them (removed, held) is shown at the
 * top level rather than lost. Depth is not capped here; only the page caps indentation.
 */
export function buildConversation(post: PostRef, interactions: Interaction[]): Conversation {
  const sorted = [...interactions].sort((a, b) => a.published.localeCompare(b.published) || a.id - b.id);
  const byId = new Map<number, ConversationItem>();
  const items: ConversationItem[] = [];
  const reactions: ConversationItem[] = [];
  for (const interaction of sorted) {
    const item = toConversationItem(interaction);
    if (REACTION_KINDS.includes(interaction.kind)) reactions.push(item);
    else byId.set(item.id, item);
  }
  for (const item of byId.values()) {
    const parent = item.parent === null ? undefined : byId.get(item.parent);
    // a parent is always older than its reply, which also rules out cycles in bad data
    if (parent && parent.id < item.id) parent.children.push(item);
    else items.push(item);
  }
  return { post, items, reactions, summary: summarize(interactions) };
}
