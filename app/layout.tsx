import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Groundswell", template: "%s · Groundswell" },
  description:
    "Community activity joined with billing: whom to approach, who may leave, and what outreach changes.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
