import type { ReactNode } from 'react';
import type { Metadata, Viewport } from 'next';
import { Providers } from '~/trpc/react.tsx';
import { currentUser } from '~/server/session.ts';
import { Nav } from '~/components/Nav.tsx';
import { GlobalKeys } from '~/components/GlobalKeys.tsx';
import { CurrentUserProvider } from '~/components/CurrentUser.tsx';
import './globals.css';

export const metadata: Metadata = { title: 'Claimline', description: 'Who said what happened' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <Providers>
          <CurrentUserProvider user={user}>
            <Nav user={user} />
            <GlobalKeys signedIn={!!user} />
            <main id="main">{children}</main>
          </CurrentUserProvider>
        </Providers>
      </body>
    </html>
  );
}
