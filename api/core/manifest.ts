import { z } from 'zod';

/** The list of published posts the build writes beside the site, and the API syncs. */
export const manifestSchema = z.object({
  builtAt: z.iso.datetime(),
  siteUrl: z.url(),
  /** Built with email notifications on (the form offers them). */
  mail: z.boolean().optional(),
  /** The site's author: the owner whose replies carry the author badge. */
  author: z.object({ name: z.string().min(1), url: z.url(), photo: z.url().nullable() }).optional(),
  posts: z.array(
    z.object({
      slug: z.string().min(1),
      url: z.url(),
      title: z.string(),
      published: z.iso.datetime(),
      updated: z.iso.datetime().nullable(),
    }),
  ),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function parseManifest(value: unknown): Manifest {
  return manifestSchema.parse(value);
}
