import { z } from 'zod';

/** The list of published posts the build writes beside the site, and the API syncs. */
export const manifestSchema = z.object({
  builtAt: z.iso.datetime(),
  siteUrl: z.url(),
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
