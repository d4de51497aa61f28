#!/bin/sh
echo "The native Prisma schema engine is not available offline. Use: npm run db:deploy, or npm run db:migrate -- <name>" >&2
exit 1
