/**
 * A prepared message to a user (their legacy key on the migration page, their keys on the user detail): a mailto:
 * link for the mail app where the site gives their address, and always the text to copy.
 */
import { Box, Link, Typography } from '@mui/material';
import EmailOutlinedIcon from '@mui/icons-material/EmailOutlined';
import { mailtoHref, messageText, type PreparedMessage } from '../../shared/migration-messages.js';
import { PreparedText } from './prepared-text.js';

export function PreparedMessageView({ message, recipient }: { message: PreparedMessage; recipient: string }) {
  return (
    <>
      {message.to ? (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <EmailOutlinedIcon fontSize="small" color="primary" aria-hidden />
          <Link href={mailtoHref(message)} variant="body2">
            Write to {message.to} in your mail app
          </Link>
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary">
          The site does not give this user&apos;s e-mail address: copy the message into a mail to them.
        </Typography>
      )}
      <PreparedText label={`Message to ${recipient}`} text={messageText(message)} />
    </>
  );
}
