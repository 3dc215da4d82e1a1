import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DirectoryCommandHandler } from './directory-command.handler';
import { DirectoryController } from './directory.controller';

@Module({
  imports: [CqrsModule],
  controllers: [DirectoryController],
  providers: [DirectoryCommandHandler],
})
export class DirectoryModule {}
